package io.hubsync.ui;

import io.hubsync.api.ApiError;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's files, served from the jar (src/main/resources/ui): a fixed list, so no path from a
 * request ever names a resource. No build step: they are the files as written.
 */
public final class UiAssets {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            // the page names it, so the browser does not ask for /favicon.ico (a 404 in its console)
            "icon.svg", "image/svg+xml");

    /** The file's bytes, with its Content-Type; 404 for any other name. */
    public byte[] serve(String file, Exchange exchange) throws IOException {
        String type = file == null ? null : FILES.get(file);
        if (type == null) {
            throw new ApiError(404, "not_found", null, "no such file");
        }
        try (InputStream in = UiAssets.class.getResourceAsStream("/ui/" + file)) {
            if (in == null) {
                throw new ApiError(404, "not_found", null, "no such file");
            }
            exchange.getMessage().setHeader("Content-Type", type);
            return in.readAllBytes();
        }
    }
}
