package io.orderflow.outbox;

import java.time.Clock;
import java.time.Duration;

import io.orderflow.runtime.DatabaseSettings;
import io.orderflow.runtime.OrderflowService;
import io.orderflow.runtime.ServiceSelection;
import io.orderflow.runtime.Settings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * The relay's beans, bound when this process runs {@code relay}: one {@link OutboxRelay} and one
 * {@link OutboxWakeup} per service outbox (used by {@code routes/outbox-relay.camel.yaml}), and the
 * notification listener that wakes them.
 */
public final class OutboxRelayConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        if (!registry.lookupByNameAndType(ServiceSelection.BEAN_NAME, ServiceSelection.class).runs(OrderflowService.RELAY)) {
            return;
        }
        Settings settings = Settings.of(context);
        EntityManager entityManager = SharedEntityManagerCreator.createSharedEntityManager(
                registry.findSingleByType(EntityManagerFactory.class));
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        int batchSize = settings.getInt("orderflow.relay.batch-size", 2000);
        DatabaseSettings database = registry.findSingleByType(DatabaseSettings.class);
        OutboxNotifications notifications = new OutboxNotifications(database.url(), database.user(), database.password());

        for (String outbox : new String[] {"order", "inventory"}) {
            String schema = outbox.equals("order") ? "orders" : "inventory";
            OutboxWakeup wakeup = new OutboxWakeup(outbox + "-outbox",
                    settings.getDuration("orderflow.relay.poll-interval", Duration.ofSeconds(1)),
                    settings.getDuration("orderflow.relay.backoff.initial", Duration.ofMillis(200)),
                    settings.getDuration("orderflow.relay.backoff.max", Duration.ofSeconds(10)));
            registry.bind(outbox + "OutboxRelay", new OutboxRelay(entityManager, schema + ".outbox", batchSize, clock));
            registry.bind(outbox + "OutboxWakeup", wakeup);
            notifications.register(schema, wakeup);
        }
        context.addService(notifications, true, false);
    }
}
