package io.orderflow.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A validated request to place an order; {@code totalAmount} has exactly two decimals.
 */
public record PlaceOrder(String customerId, BigDecimal totalAmount, List<OrderLine> items) {

    public PlaceOrder {
        items = List.copyOf(items);
    }

    /**
     * Identifies what was asked, not how it was written: key order, spacing and {@code 99.9} vs {@code 99.90}
     * do not change it. An Idempotency-Key reused with a different fingerprint is refused.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder()
                .append(customerId.length()).append(':').append(customerId).append('|')
                .append(totalAmount.toPlainString()).append('|');
        for (OrderLine item : items) {
            canonical.append(item.sku().length()).append(':').append(item.sku()).append('x').append(item.quantity()).append('|');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
