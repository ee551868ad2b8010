package io.hubsync.emulator.webhook;

import io.hubsync.emulator.crm.CrmEvent;

import java.util.function.Consumer;

/** Sends CRM events to the configured webhook URL. This first cut drops them; delivery comes next. */
public final class WebhookSender implements Consumer<CrmEvent> {
    @Override
    public void accept(CrmEvent event) {
    }

    public void close() {
    }
}
