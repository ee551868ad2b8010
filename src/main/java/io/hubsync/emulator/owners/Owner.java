package io.hubsync.emulator.owners;

import java.util.List;

/**
 * One HubSpot owner ({@code PublicOwner}, docs/hubspot.md §16): a user records can be assigned to.
 * {@code userId} is the user's id while active; an archived owner keeps only
 * {@code userIdIncludingInactive} (the omission is a guess, [U] in §16).
 */
public record Owner(long id, String type, String email, String firstName, String lastName, long userId,
                    long createdAt, long updatedAt, boolean archived, List<Team> teams) {

    /** A team the owner belongs to; one of them is primary. */
    public record Team(String id, String name, boolean primary) { }

    Owner archived(boolean nowArchived, long at) {
        return new Owner(id, type, email, firstName, lastName, userId, createdAt, at, nowArchived, teams);
    }

    Owner edited(String newEmail, String newFirst, String newLast, List<Team> newTeams, long at) {
        return new Owner(id, type, newEmail, newFirst, newLast, userId, createdAt, at, archived, newTeams);
    }
}
