package org.cityops.jobs.fanout;

import org.cityops.events.Subscription;

/**
 * A subscription routed to one cell: {@code covered} is false for a cell none of its places touches
 * any more (or after an unsubscription), which then forgets the resident.
 */
public record SubscriptionInCell(String cell, Subscription subscription, boolean covered) {}
