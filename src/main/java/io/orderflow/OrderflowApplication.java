package io.orderflow;

import io.orderflow.runtime.OrderflowMain;
import ch.qos.logback.classic.LoggerContext;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Boots Orderflow on Camel Main: {@code java -jar orderflow.jar}.
 */
public final class OrderflowApplication {

    private OrderflowApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        OrderflowMain.configure(main);
        try {
            main.run(args);
        } finally {
            // log lines are written asynchronously: write the last ones (the shutdown's) before the JVM exits
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
                logging.stop();
            }
        }
    }
}
