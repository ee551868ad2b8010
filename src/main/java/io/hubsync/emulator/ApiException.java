package io.hubsync.emulator;

import io.hubsync.emulator.http.EmuResponse;

/** Ends a request with a prepared HubSpot error response. */
public final class ApiException extends RuntimeException {
    private final transient EmuResponse response;

    public ApiException(EmuResponse response) {
        super(null, null, false, false);
        this.response = response;
    }

    public EmuResponse response() { return response; }
}
