package io.orderflow;

import io.orderflow.runtime.OrderflowMain;
import org.apache.camel.main.Main;

/**
 * Boots Orderflow on Camel Main: {@code java -jar orderflow.jar}.
 */
public final class OrderflowApplication {

    private OrderflowApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        OrderflowMain.configure(main);
        main.run(args);
    }
}
