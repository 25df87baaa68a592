package io.orderflow.runtime;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which services this process runs and who it is among its peers (consumer names derive from the instance id).
 *
 * @param instanceId unique per running process, e.g. the pod name or host name plus pid
 */
public record ServiceSelection(Set<OrderflowService> services, String instanceId) {

    public static final String BEAN_NAME = "serviceSelection";

    public ServiceSelection {
        services = Set.copyOf(services.isEmpty() ? EnumSet.noneOf(OrderflowService.class) : EnumSet.copyOf(services));
    }

    public boolean runs(OrderflowService service) {
        return services.contains(service);
    }
}
