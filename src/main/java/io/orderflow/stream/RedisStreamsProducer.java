package io.orderflow.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.XAddArgs;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.util.ObjectHelper;

/**
 * Appends the message to the stream (XADD) and returns the entry id in {@code CamelRedisStreamsEntryId}; a List body
 * is a batch, appended in one pipelined round trip, with the ids in {@code CamelRedisStreamsEntryIds}.
 */
public class RedisStreamsProducer extends DefaultProducer {

    private final RedisStreamsConfiguration configuration;
    private final EntryEncoding encoding;
    private final XAddArgs trimming;

    public RedisStreamsProducer(RedisStreamsEndpoint endpoint) {
        super(endpoint);
        this.configuration = endpoint.getConfiguration();
        this.encoding = new EntryEncoding(configuration.getFieldHeaders());
        this.trimming = trimming(configuration);
    }

    private static XAddArgs trimming(RedisStreamsConfiguration configuration) {
        XAddArgs args = new XAddArgs();
        if (configuration.getMaxLen() > 0) {
            // "~": Redis trims whole radix-tree nodes only, much cheaper than an exact trim
            args.maxlen(configuration.getMaxLen()).approximateTrimming();
        } else if (ObjectHelper.isNotEmpty(configuration.getMinId())) {
            args.minId(configuration.getMinId()).approximateTrimming();
        }
        return args;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        if (message.getBody() instanceof List<?> elements) {
            appendBatch(message, elements);
        } else {
            appendOne(message);
        }
    }

    private void appendOne(Message message) throws Exception {
        Map<String, byte[]> fields = encoding.encode(message.getBody(), message);
        RedisLink link = getEndpoint().link();
        try {
            String id = link.sync().xadd(configuration.getStream(), trimming, fields);
            link.availability().reachable();
            message.setHeader(RedisStreamsConstants.ENTRY_ID, id);
        } catch (RuntimeException e) {
            link.availability().failed(e);
            throw e;
        }
    }

    private void appendBatch(Message message, List<?> elements) throws Exception {
        if (elements.isEmpty()) {
            message.setHeader(RedisStreamsConstants.ENTRY_IDS, List.of());
            return;
        }
        // encode everything first: an invalid element fails the batch before anything is written
        List<Map<String, byte[]>> entries = new ArrayList<>(elements.size());
        for (Object element : elements) {
            entries.add(encoding.encode(element, message));
        }
        RedisLink link = getEndpoint().link();
        BatchAppend.Outcome outcome;
        try {
            outcome = BatchAppend.append(link.connection(), configuration.getStream(), trimming, entries,
                    configuration.getCommandTimeout());
        } catch (RuntimeException e) {
            link.availability().failed(e);
            throw e;
        }
        message.setHeader(RedisStreamsConstants.ENTRY_IDS, outcome.ids());
        if (!outcome.failures().isEmpty()) {
            outcome.failures().values().forEach(link.availability()::failed);
            throw new RedisStreamsBatchException(configuration.getStream(), outcome.ids(), outcome.failures());
        }
        link.availability().reachable();
    }

    @Override
    public RedisStreamsEndpoint getEndpoint() {
        return (RedisStreamsEndpoint) super.getEndpoint();
    }
}
