package io.hubsync.emulator.http;

/** Answers one routed request. */
@FunctionalInterface
public interface EmuHandler {
    EmuResponse handle(EmuRequest request, RequestContext context) throws Exception;
}
