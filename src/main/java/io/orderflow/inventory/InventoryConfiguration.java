package io.orderflow.inventory;

import java.time.Clock;

import io.orderflow.inbox.Inbox;
import io.orderflow.observability.InboxMetrics;
import io.orderflow.outbox.Outbox;
import io.orderflow.outbox.OutboxBatch;
import io.orderflow.runtime.OrderflowService;
import io.orderflow.runtime.ServiceSelection;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inventory service's beans, bound when this process runs {@code inventory}.
 */
public final class InventoryConfiguration implements CamelConfiguration {

    /** Where the batch sends events it cannot take in one transaction (inventory-reservation.camel.yaml). */
    static final String SINGLE_EVENT_ROUTE = "direct:inventory-reservation-event";

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        if (!registry.lookupByNameAndType(ServiceSelection.BEAN_NAME, ServiceSelection.class).runs(OrderflowService.INVENTORY)) {
            return;
        }
        EntityManager entityManager = SharedEntityManagerCreator.createSharedEntityManager(
                registry.findSingleByType(EntityManagerFactory.class));
        TransactionTemplate transaction = new TransactionTemplate(registry.findSingleByType(PlatformTransactionManager.class));
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        InboxMetrics inboxMetrics = registry.lookupByNameAndType(InboxMetrics.BEAN_NAME, InboxMetrics.class);
        Inbox inbox = new Inbox(entityManager, "inventory.inbox", inboxMetrics::duplicatesSkipped);
        registry.bind("inventoryReservation", new InventoryReservation(transaction, inbox, new Stock(entityManager),
                new Outbox(entityManager), clock));
        registry.bind("inventoryBatch", new InventoryBatch(entityManager, transaction, inbox,
                new StockBatch(entityManager),
                new OutboxBatch(entityManager, "inventory.outbox", InventoryOutboxMessage.AGGREGATE_TYPE), clock,
                context.createProducerTemplate(), SINGLE_EVENT_ROUTE));
    }
}
