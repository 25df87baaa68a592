package io.orderflow.observability;

/**
 * How far behind one consumer group is, as Redis last answered.
 *
 * @param pending     entries delivered to the group and not acknowledged
 * @param lag         entries not yet delivered to the group (Redis 7 reports it; else counted, up to a cap)
 * @param lagSeconds  age of the oldest entry not yet delivered to the group, 0 when there is none
 * @param deadLetters length of the group's dead-letter stream
 */
record GroupState(long pending, long lag, double lagSeconds, long deadLetters) {
}
