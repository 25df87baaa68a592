package io.orderflow.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/**
 * An order and its items: created PENDING, moved once to CONFIRMED or REJECTED by the saga.
 */
@Entity
@Table(schema = "orders", name = "orders")
public class Order {

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false, length = 128)
    private String customerId;

    @Column(name = "total_amount", nullable = false, precision = 12, scale = 2)
    private BigDecimal totalAmount;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private OrderStatus status;

    @Column(name = "rejection_reason", length = 500)
    private String rejectionReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(schema = "orders", name = "order_items", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> items = new ArrayList<>();

    protected Order() {
    }

    private Order(UUID id, PlaceOrder command, Instant now) {
        this.id = id;
        this.customerId = command.customerId();
        this.totalAmount = command.totalAmount();
        this.status = OrderStatus.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
        this.items = new ArrayList<>(command.items());
    }

    static Order place(UUID id, PlaceOrder command, Instant now) {
        return new Order(id, command, now);
    }

    /** Confirms a pending order; false (and no change) when it is already final. */
    boolean confirm(Instant now) {
        return finish(OrderStatus.CONFIRMED, null, now);
    }

    /** Rejects a pending order; false (and no change) when it is already final. */
    boolean reject(String reason, Instant now) {
        return finish(OrderStatus.REJECTED, reason, now);
    }

    private boolean finish(OrderStatus finalStatus, String reason, Instant now) {
        if (status.isFinal()) {
            return false;
        }
        this.status = finalStatus;
        this.rejectionReason = reasonOf(reason);
        this.updatedAt = now;
        return true;
    }

    /** A rejection reason as stored (at most 500 characters). */
    static String reasonOf(String reason) {
        return reason == null ? null : reason.substring(0, Math.min(reason.length(), 500));
    }

    public UUID id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public BigDecimal totalAmount() {
        return totalAmount;
    }

    public OrderStatus status() {
        return status;
    }

    public String rejectionReason() {
        return rejectionReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public List<OrderLine> items() {
        return List.copyOf(items);
    }
}
