package io.orderflow.observability;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;

/**
 * Gives every exchange a {@link TraceMdcUnitOfWork}, with Camel's settings for the rest ({@code
 * camel.main.mdc-logging-keys-pattern}, original message, breadcrumbs). The trace keys are Orderflow's log contract,
 * so they are in the MDC whether or not {@code camel.main.use-mdc-logging} is set.
 */
final class TraceMdcUnitOfWorkFactory implements UnitOfWorkFactory {

    private InflightRepository inflightRepository;
    private String pattern;
    private boolean allowUseOriginalMessage;
    private boolean useBreadcrumb;

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
        return new TraceMdcUnitOfWork(exchange, inflightRepository, pattern, allowUseOriginalMessage, useBreadcrumb);
    }

    @Override
    public void afterPropertiesConfigured(CamelContext context) {
        inflightRepository = context.getInflightRepository();
        pattern = context.getMDCLoggingKeysPattern();
        allowUseOriginalMessage = Boolean.TRUE.equals(context.isAllowUseOriginalMessage());
        useBreadcrumb = Boolean.TRUE.equals(context.isUseBreadcrumb());
    }
}
