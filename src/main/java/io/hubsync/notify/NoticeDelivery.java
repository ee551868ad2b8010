package io.hubsync.notify;

import io.hubsync.store.NoticeOutbox;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** The steps of routes/notify.camel.yaml around the POST: which notices are due, and how each attempt ended. */
public final class NoticeDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeDelivery.class);
    /** A claimed notice is the claimer's for this long: longer than a POST with its timeouts can take. */
    private static final Duration LEASE = Duration.ofMinutes(2);
    private final NoticeOutbox outbox;
    private final int batch;

    public NoticeDelivery(NoticeOutbox outbox, Object batch) {
        this.outbox = outbox;
        this.batch = io.hubsync.core.Settings.atLeast("notify.batch", batch, 1);
    }

    /** The notices due now, oldest first, claimed by this node. */
    public List<NoticeOutbox.Notice> due() throws SQLException {
        return outbox.claimDue(batch, LEASE);
    }

    /** The notice, its claim renewed for this POST; null when another pass or node has it now. */
    public NoticeOutbox.Notice renew(@ExchangeProperty("notice") NoticeOutbox.Notice notice) throws SQLException {
        return outbox.renew(notice, LEASE);
    }

    public void sent(@ExchangeProperty("notice") NoticeOutbox.Notice notice) throws SQLException {
        outbox.sent(notice.id());
        LOG.debug("notice {} ({}, {}) delivered", notice.id(), notice.event(), notice.connectionId());
    }

    /** The receiver failed or was away: a later attempt, or DEAD after notify.max-attempts (then it says so). */
    public void failed(@ExchangeProperty("notice") NoticeOutbox.Notice notice, Exchange exchange) throws SQLException {
        String why = describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (outbox.failed(notice.id(), notice.attempts(), why)) {
            LOG.error("notice {} ({}, {}) is DEAD after {} attempts ({}): re-send it with `hubsync notices resend {}` "
                    + "once the receiver works", notice.id(), notice.event(), notice.connectionId(),
                    notice.attempts() + 1, why, notice.id());
        } else {
            LOG.warn("notice {} ({}, {}) not delivered, attempt {} ({}); it is tried again later", notice.id(),
                    notice.event(), notice.connectionId(), notice.attempts() + 1, why);
        }
    }

    /** The receiver's status, or the kind of network failure: never the URL (it may carry credentials). */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException h) {
                return "the receiver answered " + h.getStatusCode();
            }
        }
        Throwable root = e;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "unknown error" : root.getClass().getSimpleName();
    }
}
