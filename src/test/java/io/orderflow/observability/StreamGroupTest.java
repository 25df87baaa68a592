package io.orderflow.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamGroupTest {

    @Test
    void aGroupsDeadLettersGoToStreamGroupDlqAlsoFromItsReplayStream() {
        StreamGroup consumed = new StreamGroup("order-stream", "inventory-service");
        StreamGroup replay = new StreamGroup("order-stream:inventory-service:replay", "inventory-service");

        assertThat(consumed.isReplay()).isFalse();
        assertThat(consumed.deadLetterStream()).isEqualTo("order-stream:inventory-service:dlq");
        assertThat(replay.isReplay()).isTrue();
        assertThat(replay.deadLetterStream()).isEqualTo("order-stream:inventory-service:dlq");
        assertThat(new StreamGroup("a:other:replay", "inventory-service").isReplay()).isFalse();
    }
}
