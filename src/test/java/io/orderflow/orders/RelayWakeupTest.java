package io.orderflow.orders;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.orderflow.support.Http;
import io.orderflow.support.OrderflowTestSupport;
import io.orderflow.support.RealServers;
import io.orderflow.support.TestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order placement wakes the relays (of any process: they LISTEN on {@code orderflow_outbox}) once its transaction has
 * committed, and never notifies inside it: PostgreSQL would serialize every placement's commit behind its notify lock.
 */
@TestProperties("orderflow.services=orders")
class RelayWakeupTest extends OrderflowTestSupport {

    private Connection listener;

    @BeforeEach
    void listen() throws SQLException {
        listener = RealServers.database().connect();
        listener.setAutoCommit(true);
        try (Statement listen = listener.createStatement()) {
            listen.execute("LISTEN orderflow_outbox");
        }
    }

    @AfterEach
    void stopListening() throws SQLException {
        listener.close();
    }

    @Test
    void theOrdersOutboxHasNoTriggerThatNotifiesInsideTheTransaction() {
        assertThat(RealServers.database().count(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders.outbox'::regclass AND NOT tgisinternal")).isZero();
    }

    @Test
    void aPlacedOrderWakesTheRelaysOnceItsEventIsCommitted() throws SQLException {
        HttpResponse<String> response = Http.postJson("/orders", "{\"customer_id\": \"c-wake\", \"total_amount\": 5}");
        assertThat(response.statusCode()).isEqualTo(201);

        List<PGNotification> notifications = awaitNotifications(1);

        assertThat(notifications).extracting(PGNotification::getParameter).containsOnly("orders");
        assertThat(RealServers.database().count("SELECT count(*) FROM orders.outbox WHERE aggregate_id = ?",
                Http.json(response).get("id").asText())).isOne();
    }

    @Test
    void aBurstOfPlacementsIsFollowedByANotificationAfterItsLastCommit() throws Exception {
        awaitQuiet();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String body = "{\"customer_id\": \"c-burst-" + i + "\", \"total_amount\": 1}";
            requests.add(CompletableFuture.supplyAsync(() -> Http.postJson("/orders", body)));
        }
        for (CompletableFuture<HttpResponse<String>> request : requests) {
            assertThat(request.get().statusCode()).isEqualTo(201);
        }
        // every order has committed; notifications sent during the burst are folded (OutboxCommitNotifierTest), and the
        // relays are still woken for the last commits
        assertThat(awaitNotifications(1)).extracting(PGNotification::getParameter).containsOnly("orders");
    }

    @Test
    void aRefusedOrderWakesNobody() throws SQLException {
        awaitQuiet();
        HttpResponse<String> refused = Http.postJson("/orders", "{\"customer_id\": \"c-wake\", \"total_amount\": -1}");
        assertThat(refused.statusCode()).isEqualTo(422);

        assertThat(pg().getNotifications(500)).isNullOrEmpty();
    }

    private List<PGNotification> awaitNotifications(int atLeast) throws SQLException {
        List<PGNotification> received = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5_000;
        while (received.size() < atLeast && System.currentTimeMillis() < deadline) {
            PGNotification[] batch = pg().getNotifications(200);
            if (batch != null) {
                received.addAll(List.of(batch));
            }
        }
        assertThat(received).as("notifications on orderflow_outbox").hasSizeGreaterThanOrEqualTo(atLeast);
        return received;
    }

    /** Reads what earlier tests' commits may still send, until nothing comes for a while. */
    private void awaitQuiet() throws SQLException {
        drain();
    }

    private List<PGNotification> drain() throws SQLException {
        List<PGNotification> received = new ArrayList<>();
        PGNotification[] batch;
        while ((batch = pg().getNotifications(300)) != null && batch.length > 0) {
            received.addAll(List.of(batch));
        }
        return received;
    }

    private PGConnection pg() throws SQLException {
        return listener.unwrap(PGConnection.class);
    }
}
