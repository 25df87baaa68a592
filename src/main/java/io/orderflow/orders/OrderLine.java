package io.orderflow.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One item of an order: a quantity of a SKU. */
@Embeddable
public record OrderLine(@Column(name = "sku", nullable = false, length = 64) String sku,
                        @Column(name = "quantity", nullable = false) int quantity) {
}
