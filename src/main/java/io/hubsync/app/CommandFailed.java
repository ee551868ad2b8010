package io.hubsync.app;

/**
 * A command that failed in a way its user can act on (HubSpot refused a call, the database is away):
 * hubsync prints the message alone as one line on stderr and exits 1; the cause, when there is one,
 * is logged with its stack trace at DEBUG (Application.commandLine).
 */
final class CommandFailed extends RuntimeException {
    CommandFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
