package io.orderflow.stream;

import io.lettuce.core.api.sync.RedisCommands;
import io.orderflow.support.RealServers;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orderflow.stream.StreamContext.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Options reach the component and endpoints without generated configurers (by reflection). */
@ExtendWith(RealServers.class)
class ComponentConfigurationTest {

    private final RedisCommands<String, String> redis = RealServers.redis();

    @Test
    void everyUriOptionIsAppliedToTheEndpointsConfiguration() throws Exception {
        try (StreamContext context = StreamContext.start(RealServers.redisUrl())) {
            RedisStreamsEndpoint endpoint = context.camel().getEndpoint("redis-streams:order-stream:inventory-service:dlq"
                    + "?group=g&consumerName=n&startPosition=$&count=7&block=123&concurrentConsumers=3&batching=true"
                    + "&binaryPayload=true&reclaimMinIdle=1000&reclaimInterval=500&redeliveryDelay=50&maxDeliveries=4"
                    + "&deadLetterStream=x&mode=deadLetter&fieldHeaders=a,b&maxLen=99&commandTimeout=777",
                    RedisStreamsEndpoint.class);

            RedisStreamsConfiguration c = endpoint.getConfiguration();
            assertThat(c.getStream()).isEqualTo("order-stream:inventory-service:dlq");
            assertThat(c.getGroup()).isEqualTo("g");
            assertThat(c.getConsumerName()).isEqualTo("n");
            assertThat(c.getStartPosition()).isEqualTo("$");
            assertThat(c.getCount()).isEqualTo(7);
            assertThat(c.getBlock()).isEqualTo(123);
            assertThat(c.getConcurrentConsumers()).isEqualTo(3);
            assertThat(c.isBatching()).isTrue();
            assertThat(c.isBinaryPayload()).isTrue();
            assertThat(c.getReclaimMinIdle()).isEqualTo(1000);
            assertThat(c.getReclaimInterval()).isEqualTo(500);
            assertThat(c.getRedeliveryDelay()).isEqualTo(50);
            assertThat(c.getMaxDeliveries()).isEqualTo(4);
            assertThat(c.resolveDeadLetterStream()).isEqualTo("x");
            assertThat(c.getMode()).isEqualTo("deadLetter");
            assertThat(c.getFieldHeaders()).isEqualTo("a,b");
            assertThat(c.getMaxLen()).isEqualTo(99);
            assertThat(c.getCommandTimeout()).isEqualTo(777);
            assertThat(c.getUri()).isEqualTo(RealServers.redisUrl());
            assertThat(context.component().getConfiguration().getCount()).as("the component's defaults stay").isEqualTo(100);

            RedisStreamsConfiguration defaults = context.camel().getEndpoint("redis-streams:s?group=g", RedisStreamsEndpoint.class)
                    .getConfiguration();
            assertThat(defaults.resolveDeadLetterStream()).isEqualTo("s:g:dlq");
            assertThat(defaults.getReclaimMinIdle()).isEqualTo(60000);

            assertThatThrownBy(() -> context.camel().getEndpoint("redis-streams:s?grup=typo"))
                    .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("grup");
        }
    }

    @Test
    void camelMainConfiguresTheComponentFromPropertiesAndAYamlRouteUsesTheScheme() throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("classpath:io/orderflow/stream/component-configuration.properties");
        main.start();
        try {
            CamelContext camel = main.getCamelContext();
            RedisStreamsComponent component = camel.getComponent("redis-streams", RedisStreamsComponent.class);
            assertThat(component.getUri()).isEqualTo(RealServers.redisUrl());
            RedisStreamsConfiguration yaml = ((RedisStreamsEndpoint) camel.getRoute("yaml-consumer").getEndpoint())
                    .getConfiguration();
            assertThat(yaml.getReclaimMinIdle()).as("component default from properties").isEqualTo(7000);
            assertThat(yaml.getMaxDeliveries()).as("URI parameter wins").isEqualTo(6);
            assertThat(yaml.getBlock()).isEqualTo(100);
            assertThat(component.getConfiguration().getConsumerName()).as("empty instance id").isEmpty();

            camel.createProducerTemplate().sendBody("redis-streams:yaml-stream", "from a YAML route's point of view");
            await().until(() -> component.consumerStatistics().stream().anyMatch(s -> s.acked() == 1));
            assertThat(pending(redis, "yaml-stream", "yaml-group")).isEmpty();
            assertThat(redis.xinfoConsumers("yaml-stream", "yaml-group")).hasSize(1);

            camel.createProducerTemplate().sendBody("redis-streams:yaml-poison", "poison");
            await().until(() -> redis.exists("yaml-poison:yaml-group:dlq") == 1 && pending(redis, "yaml-poison", "yaml-group").isEmpty());
            assertThat(redis.xrange("yaml-poison:yaml-group:dlq", io.lettuce.core.Range.create("-", "+")).get(0).getBody())
                    .containsEntry("attempts", "3").containsEntry("error_message", "cannot handle this one")
                    .containsEntry("error_class", IllegalStateException.class.getName()).containsEntry("payload", "poison");
        } finally {
            main.stop();
        }
    }
}
