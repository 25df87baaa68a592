package io.orderflow.http;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Shapes HTTP answers. Request headers are dropped first: platform-http would otherwise echo them back.
 */
public final class HttpResponses {

    private HttpResponses() {
    }

    public static void reset(Message message, int status, String contentType) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
    }

    /** A JSON answer with the given status. */
    public static void json(Message message, int status, Object body) {
        reset(message, status, ApiJson.MEDIA_TYPE);
        message.setBody(ApiJson.write(body));
    }
}
