package jp.tsunagu.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jp.tsunagu.platform.EmbeddedDatabase;

/**
 * What someone connected to the database as its superuser can do to the audit trail, as the security
 * probe did (finding F4 b): with {@code session_replication_role = replica} the append-only triggers do
 * not fire, so a row can be changed or removed, and the chain recomputed in SQL from that row on and
 * the head set to match. {@link #keep} takes the rows aside first and puts them back exactly, so that
 * every test leaves an intact chain behind.
 */
final class Superuser {

    /** How the chain is recomputed after the change. */
    sealed interface Rehash permits PlainSha256, Hmac {
    }

    /** The unkeyed SHA-256 of the earlier versions; {@code markUnkeyed} also clears the row's key id. */
    record PlainSha256(boolean markUnkeyed) implements Rehash {
    }

    /** HMAC-SHA256 under {@code key}, the rows labelled with {@code keyId}. */
    record Hmac(byte[] key, String keyId) implements Rehash {
    }

    private static final String COLUMNS = "seq, at, actor, action, person_key, detail, flagged, prev_hash, hash, key_id";

    private final EmbeddedDatabase database;

    Superuser(EmbeddedDatabase database) {
        this.database = database;
    }

    /** Rows from {@code fromSeq} on and the head are put back as they are now when the result is closed. */
    AutoCloseable keep(long fromSeq) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Object[] head = new Object[2];
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM audit_event WHERE seq >= " + fromSeq
                    + " ORDER BY seq")) {
                while (rs.next()) {
                    Object[] row = new Object[10];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_head")) {
                rs.next();
                head[0] = rs.getLong(1);
                head[1] = rs.getBytes(2);
            }
        }
        return () -> asReplica(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM audit_event WHERE seq >= ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO audit_event (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement updateHead = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ?")) {
                delete.setLong(1, fromSeq);
                delete.executeUpdate();
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
                updateHead.setLong(1, (Long) head[0]);
                updateHead.setBytes(2, (byte[]) head[1]);
                updateHead.executeUpdate();
            }
        });
    }

    /** Gives the row another actor and recomputes the chain from it to the head. */
    void rewriteActor(long seq, String actor, Rehash rehash) throws SQLException {
        asReplica(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_event SET actor = ? WHERE seq = ?")) {
                ps.setString(1, actor);
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
            recompute(c, seq, rehash);
        });
    }

    /** Recomputes the chain from this row to the head, changing no content. */
    void rehashFrom(long seq, Rehash rehash) throws SQLException {
        asReplica(c -> recompute(c, seq, rehash));
    }

    /** Removes every row after {@code lastKept} and sets the head back to it: a consistent, shorter chain. */
    void truncateAfter(long lastKept) throws SQLException {
        asReplica(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM audit_event WHERE seq > " + lastKept);
                st.executeUpdate("UPDATE audit_head SET seq = " + lastKept + ", hash = coalesce((SELECT hash FROM "
                        + "audit_event WHERE seq = " + lastKept + "), '\\x" + "00".repeat(32) + "'::bytea)");
            }
        });
    }

    private static void recompute(Connection c, long from, Rehash rehash) throws SQLException {
        String mac;
        String keyId;
        if (rehash instanceof Hmac hmac) {
            mac = "hmac(msg, '\\x" + HexFormat.of().formatHex(hmac.key()) + "'::bytea, 'sha256')";
            keyId = ", key_id = '" + hmac.keyId() + "'";
        } else {
            mac = "sha256(msg)";
            keyId = ((PlainSha256) rehash).markUnkeyed() ? ", key_id = NULL" : "";
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto");
            st.execute("""
                    CREATE FUNCTION pg_temp.part(t text) RETURNS bytea LANGUAGE sql IMMUTABLE
                        AS $$ SELECT int4send(octet_length(convert_to(t, 'UTF8'))) || convert_to(t, 'UTF8') $$""");
            st.execute("""
                    DO $$
                    DECLARE
                        r record;
                        prev bytea;
                        msg bytea;
                        h bytea;
                    BEGIN
                        prev := coalesce((SELECT hash FROM audit_event WHERE seq = %1$d - 1), '\\x%2$s'::bytea);
                        FOR r IN SELECT * FROM audit_event WHERE seq >= %1$d ORDER BY seq LOOP
                            msg := prev || pg_temp.part(r.seq::text)
                                || pg_temp.part(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                                || pg_temp.part(r.actor) || pg_temp.part(r.action)
                                || CASE WHEN r.person_key IS NULL THEN '\\x0000000100'::bytea
                                        ELSE pg_temp.part(r.person_key) END
                                || pg_temp.part(r.detail) || pg_temp.part(CASE WHEN r.flagged THEN '1' ELSE '0' END);
                            h := %3$s;
                            UPDATE audit_event SET prev_hash = prev, hash = h %4$s WHERE seq = r.seq;
                            prev := h;
                        END LOOP;
                        UPDATE audit_head SET hash = prev;
                    END $$""".formatted(from, "00".repeat(32), mac, keyId));
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /** One transaction in which the append-only triggers do not fire, as the probe ran it. */
    private void asReplica(Work work) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL session_replication_role = replica");
            }
            work.run(c);
            c.commit();
        }
    }
}
