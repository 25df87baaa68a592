package io.orderflow.orders;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.orderflow.http.ApiJson;
import io.orderflow.http.Problem;
import io.orderflow.http.Problem.FieldError;
import io.orderflow.http.ProblemException;

/**
 * Turns the body of {@code POST /orders} into a {@link PlaceOrder}, or refuses it with the problem CONTRACT.md
 * names: 415 when it is not JSON, 400 when it is malformed, 422 with every invalid field otherwise.
 */
public final class OrderRequestReader {

    static final int MAX_CUSTOMER_ID_LENGTH = 128;
    static final int MAX_SKU_LENGTH = 64;
    static final int MAX_ITEMS = 100;
    /** The largest NUMERIC(12,2). */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");

    private static final ObjectReader READER = ApiJson.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public PlaceOrder read(byte[] body, String contentType) {
        requireJson(contentType);
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw invalid(List.of(new FieldError("$", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        String customerId = text(root.get("customer_id"), "customer_id", MAX_CUSTOMER_ID_LENGTH, errors);
        BigDecimal totalAmount = amount(root.get("total_amount"), errors);
        List<OrderLine> items = items(root.get("items"), errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new PlaceOrder(customerId, totalAmount, items);
    }

    private static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupportedMediaType("The request has no Content-Type; send application/json");
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String mediaType = parts[0].trim();
        if (!mediaType.equals("application/json") && !mediaType.matches("application/[a-z0-9.+-]+\\+json")) {
            throw unsupportedMediaType("Content-Type " + mediaType + " is not supported; send application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset=") && !parameter.substring(8).replace("\"", "").equals("utf-8")) {
                throw unsupportedMediaType("JSON must be UTF-8, not " + parameter.substring(8));
            }
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("The request body is empty");
        }
        try {
            JsonNode root = READER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw malformed("The request body is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw malformed("Malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("Unreadable request body: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, int maxLength, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String value = node.textValue();
        if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        } else if (value.codePointCount(0, value.length()) > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        } else if (!isPrintable(value)) {
            errors.add(new FieldError(field, "must not contain control characters or unpaired surrogates"));
        } else {
            return value;
        }
        return null;
    }

    private static BigDecimal amount(JsonNode node, List<FieldError> errors) {
        String field = "total_amount";
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isNumber()) {
            errors.add(new FieldError(field, "must be a JSON number"));
            return null;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        } else if (value.compareTo(MAX_AMOUNT) > 0) {
            errors.add(new FieldError(field, "must be at most " + MAX_AMOUNT.toPlainString()));
        } else if (value.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError(field, "must have at most 2 decimal places"));
        } else {
            return value.setScale(2);
        }
        return null;
    }

    private static List<OrderLine> items(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("items", "must be an array"));
            return List.of();
        }
        if (node.size() > MAX_ITEMS) {
            errors.add(new FieldError("items", "must have at most " + MAX_ITEMS + " items"));
            return List.of();
        }
        List<OrderLine> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String path = "items[" + i + "]";
            if (!item.isObject()) {
                errors.add(new FieldError(path, "must be an object"));
                continue;
            }
            String sku = text(item.get("sku"), path + ".sku", MAX_SKU_LENGTH, errors);
            Integer quantity = quantity(item.get("quantity"), path + ".quantity", errors);
            if (sku != null && quantity != null) {
                items.add(new OrderLine(sku, quantity));
            }
        }
        return items;
    }

    private static Integer quantity(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!node.isIntegralNumber()) {
            errors.add(new FieldError(field, "must be a whole number"));
        } else if (node.bigIntegerValue().signum() <= 0) {
            errors.add(new FieldError(field, "must be at least 1"));
        } else if (!node.canConvertToInt()) {
            errors.add(new FieldError(field, "must be at most " + Integer.MAX_VALUE));
        } else {
            return node.intValue();
        }
        return null;
    }

    /** PostgreSQL cannot store NUL, and control characters or broken UTF-16 in an id are always a client bug. */
    private static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? "The order is invalid: " + errors.get(0).field() + " " + errors.get(0).message()
                : "The order has " + errors.size() + " invalid fields";
        return new ProblemException(Problem.validation(detail, errors));
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(Problem.of(400, "malformed-request", "Malformed request", detail));
    }

    private static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported Media Type", detail));
    }
}
