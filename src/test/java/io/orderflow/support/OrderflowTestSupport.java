package io.orderflow.support;

import io.orderflow.runtime.OrderflowMain;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Boots the real application, configured exactly as {@code java -jar} does, once per test class, against
 * real PostgreSQL and Redis ({@link RealServers}). Add {@link TestProperties} for class-specific settings.
 */
@ExtendWith(RealServers.class)
@CamelMainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OrderflowTestSupport {

    @Configure
    protected void configureOrderflow(MainConfigurationProperties main) {
        OrderflowMain.configure(main);
    }
}
