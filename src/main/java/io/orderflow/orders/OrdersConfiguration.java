package io.orderflow.orders;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.orderflow.inbox.Inbox;
import io.orderflow.observability.InboxMetrics;
import io.orderflow.observability.OrderMetrics;
import io.orderflow.outbox.Outbox;
import io.orderflow.outbox.OutboxBatch;
import io.orderflow.outbox.OutboxCommitNotifier;
import io.orderflow.runtime.OrderflowService;
import io.orderflow.runtime.ServiceSelection;
import io.orderflow.runtime.Settings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order service's beans, bound when this process runs {@code orders}.
 */
public final class OrdersConfiguration implements CamelConfiguration {

    /** Where the saga batch sends answers it cannot take in one transaction (order-saga.camel.yaml). */
    static final String SINGLE_EVENT_ROUTE = "direct:order-saga-event";

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        if (!registry.lookupByNameAndType(ServiceSelection.BEAN_NAME, ServiceSelection.class).runs(OrderflowService.ORDERS)) {
            return;
        }
        Settings settings = Settings.of(context);
        EntityManager entityManager = SharedEntityManagerCreator.createSharedEntityManager(
                registry.findSingleByType(EntityManagerFactory.class));
        PlatformTransactionManager transactions = registry.findSingleByType(PlatformTransactionManager.class);
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        OrderMetrics metrics = registry.lookupByNameAndType(OrderMetrics.BEAN_NAME, OrderMetrics.class);

        // wakes the relays after each commit that appended to orders.outbox (the outbox has no NOTIFY trigger: V3)
        OutboxCommitNotifier relays = new OutboxCommitNotifier(registry.findSingleByType(DataSource.class), "orders");
        context.addService(relays, true, false);

        IdempotencyKeys idempotencyKeys = new IdempotencyKeys(entityManager,
                settings.getDuration("orderflow.orders.idempotency.lock-timeout", Duration.ofSeconds(2)));
        registry.bind("orderRequestReader", new OrderRequestReader());
        registry.bind("orderPlacement", new OrderPlacement(entityManager, new TransactionTemplate(transactions),
                idempotencyKeys, new NewOrders(entityManager), clock, metrics, relays));
        registry.bind("orderQueries", new OrderQueries(entityManager, readOnly));
        registry.bind("orderResponses", new OrderResponses());
        InboxMetrics inboxMetrics = registry.lookupByNameAndType(InboxMetrics.BEAN_NAME, InboxMetrics.class);
        Inbox inbox = new Inbox(entityManager, "orders.inbox", inboxMetrics::duplicatesSkipped);
        registry.bind("orderSaga", new OrderSaga(entityManager, new TransactionTemplate(transactions), inbox,
                new Outbox(entityManager), relays, clock, metrics));
        registry.bind("sagaBatch", new SagaBatch(entityManager, new TransactionTemplate(transactions), inbox,
                new OutboxBatch(entityManager, "orders.outbox", OrderOutboxMessage.AGGREGATE_TYPE), relays, clock,
                context.createProducerTemplate(), SINGLE_EVENT_ROUTE, metrics));
    }
}
