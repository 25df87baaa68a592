package io.orderflow.admin;

import io.orderflow.runtime.Settings;
import io.orderflow.stream.DeadLetters;
import io.orderflow.stream.RedisStreamsComponent;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The admin endpoints exist only when {@code ORDERFLOW_ADMIN_TOKEN} is set: their routes are conditioned on
 * {@code orderflow.admin.enabled}, which this configuration derives from the token.
 */
public final class AdminConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        var token = Settings.of(context).get("orderflow.admin.token");
        context.getPropertiesComponent().addOverrideProperty("orderflow.admin.enabled", Boolean.toString(token.isPresent()));
        if (token.isEmpty()) {
            return;
        }
        context.getRegistry().bind("adminAccess", new AdminAccess(token.get()));
        context.getRegistry().bind("deadLetterAdmin",
                new DeadLetterAdmin(new DeadLetters(context.getComponent("redis-streams", RedisStreamsComponent.class))));
    }
}
