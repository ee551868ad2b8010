package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the integration tests hold hubsync to, read from outside the processes: the records table
 * against the emulator's dump (HubSpot's truth), the completion notices' change ranges, and the run
 * rows of every node.
 */
final class Oracle {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Oracle() { }

    /** A stored row of the records table. */
    record Stored(long lastModified, String deleted, Long mergedInto, String properties, long changeSeq) { }

    static Map<Long, Stored> stored(Connection db, String connection, String type) throws SQLException {
        Map<Long, Stored> out = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, last_modified, deleted, merged_into, properties, "
                + "change_seq FROM records WHERE connection_id = ? AND object_type = ?")) {
            ps.setString(1, connection);
            ps.setString(2, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Stored(rs.getTimestamp(2).getTime(), rs.getString(3),
                            rs.getObject(4, Long.class), rs.getString(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    /**
     * Where the connection's records of one type differ from the portal's at HubSpot (empty: none):
     * every live record stored live at HubSpot's last-modified with HubSpot's property values, every
     * archived, merged and GDPR-deleted record a tombstone with that reason (a merged one pointing at
     * the record it ended in), nothing HubSpot never had.
     *
     * @param gdprUnseen whether a record created and GDPR-deleted between two syncs may be absent: with
     *                   webhooks off nothing ever names it, and there is nothing of it to erase; so may a
     *                   record merged, unseen, into one GDPR-deleted before a sync read the merge
     */
    static List<String> differences(Connection db, EmulatorJar emu, String connection, long portal, String type,
                                    boolean gdprUnseen) throws SQLException {
        Map<Long, Stored> have = stored(db, connection, type);
        TreeSet<String> names = new TreeSet<>();
        for (Stored s : have.values()) {
            if (s.deleted == null) {
                fieldNames(s.properties).forEach(names::add);
            }
        }
        Map<Long, JsonNode> want = new LinkedHashMap<>();
        for (JsonNode r : emu.dump(portal, type, new ArrayList<>(names)).get("records")) {
            want.put(r.get("id").asLong(), r);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> e : want.entrySet()) {
            long id = e.getKey();
            JsonNode w = e.getValue();
            Stored h = have.get(id);
            String state = w.get("state").asText();
            String label = type + " " + id + " (" + state + " at HubSpot)";
            switch (state) {
                case "live" -> {
                    if (h == null) {
                        out.add(label + ": not stored");
                    } else if (h.deleted != null) {
                        out.add(label + ": stored as a " + h.deleted + " tombstone");
                    } else if (h.lastModified != w.get("lastModified").asLong()) {
                        out.add(label + ": stored version " + h.lastModified + ", HubSpot's " + w.get("lastModified"));
                    } else if (!hash(h.properties).equals(w.get("hash").asText())) {
                        out.add(label + ": stored properties differ from HubSpot's " + h.properties);
                    }
                }
                case "archived" -> expect(out, label, h, "ARCHIVED");
                case "gdpr-deleted" -> {
                    if (!(h == null && gdprUnseen)) {
                        expect(out, label, h, "GDPR");
                    }
                }
                case "merged" -> {
                    long survivor = survivor(want, id);
                    JsonNode last = want.get(survivor);
                    String survivorState = last == null ? "unknown" : last.get("state").asText();
                    if (survivorState.equals("gdpr-deleted") && h != null && "GDPR".equals(h.deleted)) {
                        // merged into a record GDPR-deleted since: without a webhook naming the merge, HubSpot
                        // answers for neither id any more, so hubsync can only know the id is gone for good
                        continue;
                    }
                    if (survivorState.equals("gdpr-deleted") && h == null && gdprUnseen) {
                        // merged away before any sync stored it, into a record GDPR-deleted before a sync read
                        // the merge: with webhooks off nothing ever names this id again (as gdprUnseen above)
                        continue;
                    }
                    expect(out, label + " into " + survivor + " (" + survivorState + ")", h, "MERGED");
                    if (h != null && "MERGED".equals(h.deleted) && storedSurvivor(have, id) != survivor
                            && !endsAtAGoneMergedRecord(want, have, id, survivor, survivorState)) {
                        out.add(label + ": merged into " + storedSurvivor(have, id) + " here (" + storedChain(have, id)
                                + "), into " + survivor + " at HubSpot (" + chain(want, id) + ")");
                    }
                }
                default -> out.add(label + ": unknown state");
            }
        }
        for (Long id : have.keySet()) {
            if (!want.containsKey(id)) {
                out.add(type + " " + id + ": stored, unknown to HubSpot");
            }
        }
        return firstOf(out);
    }

    /** Associations of one pair as from id → to id → association type ids. */
    static final class Links extends TreeMap<Long, Map<Long, TreeSet<Integer>>> {
        void add(long from, long to, int typeId) {
            computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>()).add(typeId);
        }
    }

    /**
     * The portal's associations of one pair at HubSpot: the emulator's {@code associations=} dump, every
     * live record's visible ones (HubSpot hides those of archived records on both sides).
     */
    static Links atHubSpot(EmulatorJar emu, long portal, String from, String to) {
        Links out = new Links();
        for (JsonNode r : emu.admin("GET", "/portals/" + portal + "/" + from + "/dump?associations=" + to, null)
                .get("records")) {
            for (JsonNode link : r.path("associations").path(to)) {
                link.get("typeIds").forEach(t -> out.add(r.get("id").asLong(), link.get("id").asLong(), t.asInt()));
            }
        }
        return out;
    }

    /**
     * Where the connection's live association rows of one pair differ from the portal's at HubSpot
     * (empty: none), docs/associations.md: every association HubSpot shows is a live row with the same
     * type ids, and no live row is one HubSpot does not show.
     */
    static List<String> associationDifferences(Connection db, EmulatorJar emu, String connection, long portal,
                                               String from, String to) throws SQLException {
        Links want = atHubSpot(emu, portal, from, to);
        Links have = new Links();
        try (PreparedStatement ps = db.prepareStatement("SELECT from_id, to_id, type_id FROM associations "
                + "WHERE connection_id = ? AND from_type = ? AND to_type = ? AND deleted IS NULL")) {
            ps.setString(1, connection);
            ps.setString(2, from);
            ps.setString(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    have.add(rs.getLong(1), rs.getLong(2), rs.getInt(3));
                }
            }
        }
        return differences(from, to, want, have);
    }

    /** Where {@code have} (stored, or answered by the records API) differs from {@code want} (empty: nowhere). */
    static List<String> differences(String from, String to, Links want, Links have) {
        List<String> out = new ArrayList<>();
        // every (from, to) either side knows, in id order
        Map<Long, TreeSet<Long>> pairs = new TreeMap<>();
        want.forEach((f, links) -> pairs.computeIfAbsent(f, k -> new TreeSet<>()).addAll(links.keySet()));
        have.forEach((f, links) -> pairs.computeIfAbsent(f, k -> new TreeSet<>()).addAll(links.keySet()));
        pairs.forEach((f, tos) -> {
            for (long t : tos) {
                TreeSet<Integer> w = want.getOrDefault(f, Map.of()).get(t);
                TreeSet<Integer> h = have.getOrDefault(f, Map.of()).get(t);
                String label = "association " + from + " " + f + " -> " + to + " " + t;
                if (h == null) {
                    out.add(label + ": types " + w + " at HubSpot, no live row here");
                } else if (w == null) {
                    out.add(label + ": live with types " + h + " here, HubSpot shows none");
                } else if (!w.equals(h)) {
                    out.add(label + ": types " + h + " live here, HubSpot's " + w);
                }
            }
        });
        return firstOf(out);
    }

    /**
     * Live association rows of a record stored as a tombstone, on either side (empty: none): its
     * tombstone (archived, merged, GDPR-deleted) ends them in the same transaction (docs/associations.md,
     * "Deletes and merges"), and a merge leaves rows toward the survivor instead.
     */
    static List<String> liveAssociationsOfTombstones(Connection db, String connection) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT a.from_type, a.from_id, a.to_type, a.to_id, a.type_id, "
                + "f.deleted, t.deleted FROM associations a "
                + "LEFT JOIN records f ON f.connection_id = a.connection_id AND f.object_type = a.from_type AND f.id = a.from_id "
                + "LEFT JOIN records t ON t.connection_id = a.connection_id AND t.object_type = a.to_type AND t.id = a.to_id "
                + "WHERE a.connection_id = ? AND a.deleted IS NULL AND (f.deleted IS NOT NULL OR t.deleted IS NOT NULL) "
                + "ORDER BY a.from_type, a.from_id, a.to_type, a.to_id, a.type_id")) {
            ps.setString(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String row = "association " + rs.getString(1) + " " + rs.getLong(2) + " -> " + rs.getString(3) + " "
                            + rs.getLong(4) + " type " + rs.getInt(5) + " is live, but ";
                    out.add(row + (rs.getString(6) != null ? rs.getString(1) + " " + rs.getLong(2) + " is a "
                            + rs.getString(6) : rs.getString(3) + " " + rs.getLong(4) + " is a " + rs.getString(7))
                            + " tombstone");
                }
            }
        }
        return firstOf(out);
    }

    /** The differences as they are, or, past 12, their count and the first 12 (a failure stays readable). */
    private static List<String> firstOf(List<String> out) {
        return out.size() > 12 ? List.of(out.size() + " differences, the first: " + out.subList(0, 12)) : out;
    }

    private static void expect(List<String> out, String label, Stored h, String reason) {
        if (h == null) {
            out.add(label + ": no " + reason + " tombstone");
        } else if (!reason.equals(h.deleted)) {
            out.add(label + ": stored with deleted=" + h.deleted + ", not " + reason);
        } else if ("GDPR".equals(reason) && !"{}".equals(h.properties)) {
            out.add(label + ": GDPR tombstone still holds properties");
        }
    }

    private static long survivor(Map<Long, JsonNode> dump, long id) {
        long at = id;
        for (int hops = 0; hops < 1000; hops++) {
            JsonNode r = dump.get(at);
            JsonNode next = r == null ? null : r.get("mergedInto");
            if (next == null || next.isNull()) {
                return at;
            }
            at = next.asLong();
        }
        throw new AssertionError("a merge cycle at HubSpot from " + id);
    }

    /**
     * Whether the stored merge chain of {@code id} ends at a GDPR tombstone of a record that HubSpot
     * merged, in turn, into the same survivor, GDPR-deleted since: hubsync stored the first merge, and
     * may know the second record only as gone for good (the first rule of the merged case above), so
     * its chain ends there.
     */
    private static boolean endsAtAGoneMergedRecord(Map<Long, JsonNode> want, Map<Long, Stored> have, long id,
                                                  long survivor, String survivorState) {
        long end = storedSurvivor(have, id);
        JsonNode atHubSpot = want.get(end);
        return survivorState.equals("gdpr-deleted") && have.get(end) != null && "GDPR".equals(have.get(end).deleted)
                && atHubSpot != null && atHubSpot.get("state").asText().equals("merged") && survivor(want, end) == survivor;
    }

    /** The merge chain from {@code id} at HubSpot, each id with its state: {@code 1800 merged -> 1541 live}. */
    private static String chain(Map<Long, JsonNode> dump, long id) {
        StringBuilder out = new StringBuilder();
        Long at = id;
        for (int hops = 0; at != null && hops < 20; hops++) {
            JsonNode r = dump.get(at);
            out.append(hops == 0 ? "" : " -> ").append(at).append(' ').append(r == null ? "unknown" : r.get("state").asText());
            JsonNode next = r == null ? null : r.get("mergedInto");
            at = next == null || next.isNull() ? null : next.asLong();
        }
        return out.toString();
    }

    /** The merge chain from {@code id} as stored, each id with its tombstone: {@code 1800 MERGED -> 1541 GDPR}. */
    private static String storedChain(Map<Long, Stored> have, long id) {
        StringBuilder out = new StringBuilder();
        Long at = id;
        for (int hops = 0; at != null && hops < 20; hops++) {
            Stored s = have.get(at);
            out.append(hops == 0 ? "" : " -> ").append(at).append(' ')
               .append(s == null ? "not stored" : s.deleted == null ? "live" : s.deleted);
            at = s == null ? null : s.mergedInto;
        }
        return out.toString();
    }

    private static long storedSurvivor(Map<Long, Stored> have, long id) {
        long at = id;
        for (int hops = 0; hops < 1000; hops++) {
            Stored s = have.get(at);
            if (s == null || s.mergedInto == null) {
                return at;
            }
            at = s.mergedInto;
        }
        throw new AssertionError("a merge cycle in the database from " + id);
    }

    private static List<String> fieldNames(String properties) {
        List<String> out = new ArrayList<>();
        try {
            JSON.readTree(properties).fieldNames().forEachRemaining(out::add);
        } catch (Exception e) {
            throw new AssertionError("stored properties are not JSON: " + properties, e);
        }
        return out;
    }

    /** The emulator's hash of a record: SHA-256 over sorted name=value lines of the properties with a value. */
    static String hash(String propertiesJson) {
        return io.hubsync.sync.SyncHarness.hash(propertiesJson);
    }

    /**
     * Gaps in the change ranges the notices of one connection and type announced (empty: none): read
     * in order of {@code afterSequence}, each starts where the one before ended, the first at 0, and
     * the last reaches the highest change sequence stored.
     */
    static List<String> noticeGaps(List<JsonNode> notices, Connection db, String connection, String type)
            throws SQLException {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode n : notices) {
            if (connection.equals(n.path("connection").asText()) && type.equals(n.path("objectType").asText())
                    && n.has("changes")) {
                byId.put(n.get("id").asText(), n);
            }
        }
        List<JsonNode> ranges = new ArrayList<>(byId.values());
        ranges.sort(Comparator.comparingLong(n -> n.get("changes").get("afterSequence").asLong()));
        List<String> out = new ArrayList<>();
        long at = 0;
        for (JsonNode n : ranges) {
            long after = n.get("changes").get("afterSequence").asLong();
            long through = n.get("changes").get("throughSequence").asLong();
            if (after != at) {
                out.add(type + "[" + connection + "]: a notice covers (" + after + ", " + through + "] but the one "
                        + "before ended at " + at);
            }
            at = Math.max(at, through);
        }
        long max = 0;
        try (PreparedStatement ps = db.prepareStatement("SELECT MAX(change_seq) FROM records WHERE connection_id = ? "
                + "AND object_type = ?")) {
            ps.setString(1, connection);
            ps.setString(2, type);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                max = rs.getLong(1);
            }
        }
        if (at < max) {
            out.add(type + "[" + connection + "]: the notices reach change " + at + ", the records " + max);
        }
        return out;
    }

    /**
     * Association rows no notice covers: each row is written under the lock of its from-type (pages,
     * sweeps, webhooks, that type's tombstones) or of its to-type (that type's tombstones and merges
     * ending or moving rows toward it), so it must be within the reach of one of the two types' notices
     * (docs/notices.md). Ranges are checked for gaps by {@link #noticeGaps}; here, each type's reach.
     */
    static List<String> associationNoticeGaps(List<JsonNode> notices, Connection db, String connection)
            throws SQLException {
        Map<String, Long> reach = new LinkedHashMap<>();
        for (JsonNode n : notices) {
            if (connection.equals(n.path("connection").asText()) && n.has("changes")) {
                reach.merge(n.get("objectType").asText(), n.get("changes").get("throughSequence").asLong(), Math::max);
            }
        }
        long least = reach.values().stream().mapToLong(Long::longValue).min().orElse(0);
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT from_type, from_id, to_type, to_id, change_seq "
                + "FROM associations WHERE connection_id = ? AND change_seq > ? ORDER BY change_seq")) {
            ps.setString(1, connection);
            ps.setLong(2, least);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(5);
                    if (seq > reach.getOrDefault(rs.getString(1), 0L) && seq > reach.getOrDefault(rs.getString(3), 0L)
                            && out.size() < 5) {
                        out.add("association " + rs.getString(1) + " " + rs.getLong(2) + " → " + rs.getString(3) + " "
                                + rs.getLong(4) + " (change " + seq + ") is in no notice of either type: " + reach);
                    }
                }
            }
        }
        return out;
    }

    /** A row of sync_runs. */
    record Run(long id, String connection, String type, String phase, Timestamp started, Timestamp finished,
               Boolean success, boolean abandoned, String node, String error) { }

    static List<Run> runs(Connection db) throws SQLException {
        List<Run> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, connection_id, object_type, phase, started_at, "
                + "finished_at, success, abandoned, node, error FROM sync_runs ORDER BY started_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5),
                        rs.getTimestamp(6), rs.getObject(7, Boolean.class), rs.getBoolean(8), rs.getString(9),
                        rs.getString(10)));
            }
        }
        return out;
    }

    /**
     * Runs of one pair that overlap in time (empty: none): a sync run of a connection's object type
     * must end before the next begins, whichever node ran each; so must its sweeps (with their
     * reconciliations), which may run beside its sync runs on the node that works for the connection.
     */
    static List<String> overlaps(List<Run> runs) {
        Map<String, List<Run>> byPair = new LinkedHashMap<>();
        for (Run r : runs) {
            String kind = r.phase.equals("INITIAL") || r.phase.equals("INCREMENTAL") ? "sync" : r.phase;
            byPair.computeIfAbsent(r.connection + "/" + r.type + "/" + kind, k -> new ArrayList<>()).add(r);
        }
        List<String> out = new ArrayList<>();
        byPair.forEach((pair, list) -> {
            for (int i = 1; i < list.size(); i++) {
                Run prev = list.get(i - 1);
                Run next = list.get(i);
                if (prev.finished == null || prev.finished.after(next.started)) {
                    out.add(pair + ": run " + prev.id + " (" + prev.node + ", " + prev.started + " to " + prev.finished
                            + ") overlaps run " + next.id + " (" + next.node + ", from " + next.started + ")");
                }
            }
        });
        return out;
    }

    /**
     * Lines logged at ERROR with a stack trace (expected failures log one line, never a trace). The
     * console layout escapes line breaks, so a trace is on the line itself; a trace on the lines after
     * it is caught too.
     */
    static List<String> errorTraces(String log) {
        List<String> out = new ArrayList<>();
        String[] lines = log.split("\n");
        for (int i = 0; i < lines.length; i++) {
            boolean traceAfter = i + 1 < lines.length && lines[i + 1].startsWith("\tat ");
            if (lines[i].contains(" ERROR ") && (lines[i].contains("\tat ") || traceAfter)) {
                out.add(lines[i].length() > 600 ? lines[i].substring(0, 600) : lines[i]);
            }
        }
        return out;
    }
}
