package io.orderflow.saga;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a configured admin token the admin endpoints do not exist, whatever the request carries. */
@TestProperties("orderflow.services=orders")
class AdminDisabledTest extends OrderflowTestSupport {

    @Test
    void adminEndpointsAre404WithoutAConfiguredToken() {
        assertThat(Http.get("/admin/dead-letters").statusCode()).isEqualTo(404);
        assertThat(Http.get("/admin/dead-letters", "Authorization", "Bearer ").statusCode()).isEqualTo(404);
        assertThat(Http.post("/admin/dead-letters/x:y:dlq/replay", null, "", "Authorization", "Bearer x").statusCode())
                .isEqualTo(404);
    }
}
