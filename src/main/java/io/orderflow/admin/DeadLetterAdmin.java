package io.orderflow.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.http.HttpResponses;
import io.orderflow.http.Problem;
import io.orderflow.http.ProblemException;
import io.orderflow.stream.DeadLetters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The HTTP side of dead-letter operations under {@code /admin/dead-letters}: list the dead-letter streams, page
 * through one (filtered by error class), show, replay (to the failing group only) and delete entries.
 */
public final class DeadLetterAdmin {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final DeadLetters deadLetters;

    public DeadLetterAdmin(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    public void streams(Exchange exchange) {
        HttpResponses.json(exchange.getMessage(), 200, Map.of("dead_letter_streams", deadLetters.streams()));
    }

    public void list(Exchange exchange) {
        Message in = exchange.getMessage();
        String stream = stream(in);
        int count = pageSize(in.getHeader("count", String.class));
        DeadLetters.Page page = deadLetters.list(stream, in.getHeader("after", String.class), count,
                in.getHeader("error_class", String.class));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", stream);
        body.put("entries", page.entries().stream().map(DeadLetterAdmin::json).toList());
        page.next().ifPresent(next -> body.put("next", "/admin/dead-letters/" + stream + "?after=" + next + "&count=" + count));
        HttpResponses.json(in, 200, body);
    }

    public void show(Exchange exchange) {
        Message in = exchange.getMessage();
        String stream = stream(in);
        String id = in.getHeader("id", String.class);
        DeadLetters.Entry entry = deadLetters.get(stream, id).orElseThrow(() -> notFound(stream, id));
        HttpResponses.json(in, 200, json(entry));
    }

    public void replay(Exchange exchange) {
        Message in = exchange.getMessage();
        String stream = stream(in);
        String id = in.getHeader("id", String.class);
        String replayed = deadLetters.replay(stream, id).orElseThrow(() -> notFound(stream, id));
        HttpResponses.json(in, 200, Map.of("replayed", List.of(id), "replay_stream", DeadLetters.replayStreamOf(stream),
                "replay_entry_id", replayed));
    }

    public void replayAll(Exchange exchange) {
        Message in = exchange.getMessage();
        String stream = stream(in);
        int replayed = deadLetters.replayAll(stream, in.getHeader("error_class", String.class));
        HttpResponses.json(in, 200, Map.of("replayed_count", replayed, "replay_stream", DeadLetters.replayStreamOf(stream)));
    }

    public void delete(Exchange exchange) {
        Message in = exchange.getMessage();
        String stream = stream(in);
        String id = in.getHeader("id", String.class);
        if (!deadLetters.delete(stream, id)) {
            throw notFound(stream, id);
        }
        HttpResponses.reset(in, 204, "application/json");
        in.setBody(null);
    }

    private static Map<String, Object> json(DeadLetters.Entry entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", entry.id());
        body.put("fields", entry.fields());
        return body;
    }

    private static String stream(Message in) {
        String stream = in.getHeader("stream", String.class);
        if (!DeadLetters.isDeadLetterStream(stream)) {
            throw new ProblemException(Problem.of(404, "not-found", "Not Found",
                    "No dead-letter stream " + stream + " (names end in " + DeadLetters.SUFFIX + ")"));
        }
        return stream;
    }

    private static int pageSize(String count) {
        if (count == null) {
            return DEFAULT_PAGE;
        }
        try {
            int value = Integer.parseInt(count);
            if (value >= 1 && value <= MAX_PAGE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below like any other unusable value
        }
        throw new ProblemException(Problem.of(400, "invalid-parameter", "Bad Request",
                "count must be a whole number from 1 to " + MAX_PAGE));
    }

    private static ProblemException notFound(String stream, String id) {
        return new ProblemException(Problem.of(404, "not-found", "Not Found", "No entry " + id + " in " + stream));
    }
}
