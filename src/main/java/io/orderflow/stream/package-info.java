/**
 * The {@code redis-streams} Camel component: appends to Redis streams and consumes them through consumer groups, at
 * least once and without losing entries. It knows Redis, never orders. See README.md in this directory for the
 * options, headers and the consumer protocol (acknowledgement, redelivery, reclaim, keep-alive, dead letters).
 */
package io.orderflow.stream;
