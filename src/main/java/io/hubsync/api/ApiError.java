package io.hubsync.api;

import io.hubsync.connections.ConnectionActions;
import io.hubsync.connections.InvalidSetting;
import java.util.LinkedHashMap;
import java.util.Map;

/** An admin API answer other than success: its HTTP status and a JSON body naming what went wrong. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String error;
    private final String field;

    public ApiError(int status, String error, String field, String message) {
        super(message);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, "invalid", field, message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", null, message);
    }

    /** What the admin routes answer for any exception: ApiError as it is, bad input as 400, the rest as 500. */
    public static ApiError of(Throwable e) {
        // Camel wraps what a method called from an expression throws: answer for the cause
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiError || t instanceof IllegalArgumentException
                    || t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                return known(t);
            }
        }
        return known(e);
    }

    private static ApiError known(Throwable e) {
        if (e instanceof ApiError a) {
            return a;
        }
        if (e instanceof ConnectionActions.NotFound) {
            return new ApiError(404, "not_found", null, e.getMessage());
        }
        if (e instanceof ConnectionActions.Conflict) {
            return conflict(e.getMessage());
        }
        if (e instanceof io.hubsync.store.ConnectionStore.LeftoverData) {
            // the name holds a deleted connection's data: adoptRecords is the field that decides
            return new ApiError(409, "conflict", "adoptRecords", e.getMessage());
        }
        if (e instanceof InvalidSetting s) {
            return badRequest(s.field(), s.getMessage());
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return badRequest("body", "the body is not a JSON object");
        }
        if (e instanceof IllegalArgumentException) {
            return badRequest(null, e.getMessage());
        }
        return new ApiError(500, "internal", null, "the request failed (" + e.getClass().getSimpleName()
                + "); the server's log has the details");
    }

    public int getStatus() {
        return status;
    }

    public Map<String, Object> getBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (field != null) {
            body.put("field", field);
        }
        body.put("message", getMessage());
        return body;
    }
}
