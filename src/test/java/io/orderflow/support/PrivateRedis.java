package io.orderflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class gets a Redis of its own that it may stop and start ({@link RealServers#classRedis()}); the
 * application under test and {@link RealServers#redis()} use it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface PrivateRedis {
}
