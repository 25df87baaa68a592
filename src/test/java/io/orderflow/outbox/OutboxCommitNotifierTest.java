package io.orderflow.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Commits ask for a notification; at most one is sent at a time, the ones asked for meanwhile are folded into one
 * more, and that one is sent after all of them asked (so no commit is left without a notification after it).
 */
class OutboxCommitNotifierTest {

    private final AtomicInteger sent = new AtomicInteger();
    private final CountDownLatch firstMayFinish = new CountDownLatch(1);
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private DefaultCamelContext camel;
    private OutboxCommitNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        notifier = new OutboxCommitNotifier(slowFirstNotification(), "orders");
        camel.addService(notifier, true, false);
        camel.start();
    }

    @AfterEach
    void stop() {
        firstMayFinish.countDown();
        camel.stop();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void commitsDuringANotificationInFlightAreFoldedIntoOneMore() throws Exception {
        notifier.committed();
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 25; i++) {
            notifier.committed();
        }
        firstMayFinish.countDown();

        await().atMost(5, TimeUnit.SECONDS).until(() -> sent.get() == 2);
        Thread.sleep(200);
        assertThat(sent).hasValue(2);
    }

    @Test
    void aTransactionNotifiesOnceAfterItCommitsHoweverOftenItAppended() {
        firstMayFinish.countDown();
        TransactionSynchronizationManager.initSynchronization();
        notifier.afterCommit();
        notifier.afterCommit();
        assertThat(sent).hasValue(0);

        complete(TransactionSynchronization.STATUS_COMMITTED);

        await().atMost(5, TimeUnit.SECONDS).until(() -> sent.get() == 1);
    }

    @Test
    void aRolledBackTransactionNotifiesNobody() throws InterruptedException {
        firstMayFinish.countDown();
        TransactionSynchronizationManager.initSynchronization();
        notifier.afterCommit();

        complete(TransactionSynchronization.STATUS_ROLLED_BACK);

        Thread.sleep(200);
        assertThat(sent).hasValue(0);
    }

    @Test
    void refusesToWaitForACommitOutsideATransaction() {
        assertThatThrownBy(notifier::afterCommit).isInstanceOf(IllegalStateException.class);
    }

    private static void complete(int status) {
        var synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        synchronizations.forEach(s -> s.afterCompletion(status));
    }

    /** A database whose first notification hangs until the test lets it finish. */
    private DataSource slowFirstNotification() throws SQLException {
        DataSource dataSource = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        PreparedStatement statement = mock(PreparedStatement.class);
        when(dataSource.getConnection()).thenReturn(connection);
        when(connection.prepareStatement(anyString())).thenReturn(statement);
        when(statement.execute()).thenAnswer(call -> {
            firstStarted.countDown();
            firstMayFinish.await(5, TimeUnit.SECONDS);
            sent.incrementAndGet();
            return true;
        });
        return dataSource;
    }
}
