package io.orderflow.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Some entries of a batch (a List body) were not appended. {@link #entryIds()} tells which were: the id of each
 * element in order, or null where that element's XADD failed (a timed-out XADD may still have been applied).
 */
public class RedisStreamsBatchException extends Exception {

    private final transient List<String> entryIds;
    private final transient Map<Integer, Throwable> failures;

    public RedisStreamsBatchException(String stream, List<String> entryIds, Map<Integer, Throwable> failures) {
        super(failures.size() + " of " + entryIds.size() + " entries were not appended to " + stream + "; first error: "
                + RedisFailures.describe(failures.values().iterator().next()),
                failures.values().iterator().next());
        this.entryIds = Collections.unmodifiableList(new ArrayList<>(entryIds));
        this.failures = Map.copyOf(failures);
    }

    /** The id of each element in order, null for the ones that failed. */
    public List<String> entryIds() {
        return entryIds;
    }

    /** The error of each failed element, by its index in the batch. */
    public Map<Integer, Throwable> failures() {
        return failures;
    }
}
