package io.hubsync.emulator.ratelimit;

/**
 * What one look at a portal's budgets found: the verdict on a call and the counts the
 * {@code X-HubSpot-RateLimit-*} headers are made from.
 *
 * @param rejectedBy       null when the call was admitted (and counted), else the budget it ran out of
 * @param inWindow         calls of this app in the 10-second window, this one included when admitted
 * @param inLastSecond     calls of this app in the last second (for the deprecated Secondly headers);
 *                         not counted in the verdict on an admitted call, whose headers come later
 * @param dailyUsed        private-app calls of this portal today
 * @param retryAfterMillis when rejected: how long until the budget has room again
 */
record Usage(Policy rejectedBy, int inWindow, int inLastSecond, long dailyUsed, long retryAfterMillis) {
    boolean admitted() { return rejectedBy == null; }
}
