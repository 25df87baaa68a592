package io.orderflow.stream;

import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's control panel (application.properties) configures the component for every route. */
class ApplicationWiringTest extends OrderflowTestSupport {

    @EndpointInject("redis-streams:wiring-check")
    ProducerTemplate producer;

    @Test
    void theComponentTalksToOrderflowsRedisWithTheDefaultsOfApplicationProperties() {
        CamelContext camel = producer.getCamelContext();
        RedisStreamsComponent component = camel.getComponent("redis-streams", RedisStreamsComponent.class);
        assertThat(component.getUri()).isEqualTo(RealServers.redisUrl());
        assertThat(component.getConfiguration().getReclaimMinIdle()).isEqualTo(60000);
        assertThat(component.getConfiguration().getMaxDeliveries()).isEqualTo(10);
        assertThat(camel.getRegistry().lookupByName("redisStreamsRedeliveryCounter"))
                .isInstanceOf(RedisStreamsRedeliveryCounter.class);

        producer.sendBody("wired");
        assertThat(RealServers.redis().xlen("wiring-check")).isEqualTo(1);
    }
}
