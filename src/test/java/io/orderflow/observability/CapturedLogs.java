package io.orderflow.observability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Every log event of this JVM while installed, as logback hands it to its appenders (message, logger, thread, MDC).
 */
final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    static CapturedLogs install() {
        CapturedLogs logs = new CapturedLogs();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(context);
        logs.setName("captured");
        logs.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
        return logs;
    }

    @Override
    protected void append(ILoggingEvent event) {
        // keep the MDC and the formatted message as they were when the line was logged
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    List<ILoggingEvent> matching(Predicate<ILoggingEvent> filter) {
        return events.stream().filter(filter).toList();
    }

    static Predicate<ILoggingEvent> logger(String name) {
        return event -> event.getLoggerName().equals(name);
    }

    static Predicate<ILoggingEvent> mdc(String key, String value) {
        return event -> value.equals(event.getMDCPropertyMap().get(key));
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(this);
        stop();
    }
}
