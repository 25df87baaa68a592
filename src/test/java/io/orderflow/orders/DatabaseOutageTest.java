package io.orderflow.orders;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestDatabase;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL unreachable: clients get 503 with Retry-After quickly, nothing half-written, and the service
 * recovers by itself. The outage is real: the database refuses connections and existing ones are killed.
 */
@TestProperties({"orderflow.services=orders", "orderflow.db.connection-timeout=700ms"})
class DatabaseOutageTest extends OrderflowTestSupport {

    private static final String ORDER = "{\"customer_id\": \"outage\", \"total_amount\": 3}";

    @Test
    void answers503WithRetryAfterWhileTheDatabaseIsDownAndRecoversAfterwards() {
        assertThat(Http.postJson("/orders", ORDER).statusCode()).isEqualTo(201);
        TestDatabase admin = adminDatabase();
        String name = databaseName();
        try {
            admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?", name);

            HttpResponse<String> during = Http.postJson("/orders", ORDER);

            OrdersApiTest.assertProblem(during, 503);
            assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(Http.get("/orders/00000000-0000-7000-8000-000000000000").statusCode()).isEqualTo(503);
        } finally {
            admin.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(Http.postJson("/orders", ORDER).statusCode()).isEqualTo(201));
        assertThat(RealServers.database().count("SELECT count(*) FROM orders.orders o WHERE customer_id = 'outage' "
                + "AND NOT EXISTS (SELECT 1 FROM orders.outbox x WHERE x.aggregate_id = o.id::text)")).isZero();
    }

    private static String databaseName() {
        String url = RealServers.database().url();
        String tail = url.substring(url.lastIndexOf('/') + 1);
        int query = tail.indexOf('?');
        return query < 0 ? tail : tail.substring(0, query);
    }

    private static TestDatabase adminDatabase() {
        TestDatabase db = RealServers.database();
        return new TestDatabase(db.url().replace("/" + databaseName(), "/postgres"), db.user(), db.password());
    }
}
