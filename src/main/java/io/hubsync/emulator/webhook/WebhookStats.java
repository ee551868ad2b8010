package io.hubsync.emulator.webhook;

/**
 * The sender's counters at one instant. A request is one HTTP POST (one batch, one attempt);
 * a duplicated batch counts as two requests with their own events.
 *
 * @param accepted        events taken from the store since the last reset
 * @param queued          events waiting to be put in a batch
 * @param pending         events not yet delivered or dropped (queued, in flight or waiting to retry),
 *                        each copy counted when duplicates are on
 * @param inFlight        requests sent and not answered
 * @param sent            requests sent, retries included
 * @param delivered       requests answered with a success
 * @param deliveredEvents events in those
 * @param failedAttempts  requests that failed: no connection, timed out, or answered 4xx/5xx
 * @param retried         retries scheduled after a failure
 * @param dropped         batches given up on: out of retries, or discarded when delivery was turned off
 * @param droppedEvents   events in those
 */
public record WebhookStats(long accepted, long queued, long pending, long inFlight, long sent, long delivered,
                           long deliveredEvents, long failedAttempts, long retried, long dropped, long droppedEvents) {
}
