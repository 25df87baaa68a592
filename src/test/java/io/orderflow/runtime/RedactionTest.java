package io.orderflow.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void hidesPasswordsInUrls() {
        assertThat(Redaction.url("redis://app:s3cret@redis:6379/0")).isEqualTo("redis://app:***@redis:6379/0");
        assertThat(Redaction.url("rediss://:s3cret@redis:6379")).isEqualTo("rediss://:***@redis:6379");
        assertThat(Redaction.url("jdbc:postgresql://db/orderflow?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/orderflow?user=app&password=***&ssl=true");
        assertThat(Redaction.url("redis://redis:6379")).isEqualTo("redis://redis:6379");
    }
}
