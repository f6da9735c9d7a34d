package jp.tsunagu.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * Checks the audit trail's chain from its first row (改ざん検査) and names the first row whose
 * content, order, link or key does not match, or that contradicts a signed checkpoint kept outside
 * the database.
 *
 * <p>The rows and the chain's head are read in one snapshot (a read-only REPEATABLE READ
 * transaction): staff keep appending while an auditor verifies, and a head read after the rows would
 * name rows the walk never saw. The checkpoint file is read before the snapshot begins, so that every
 * checkpoint names rows the snapshot holds.
 */
@Service
public class AuditVerification {

    static final String INTACT = "改ざんは見つかりませんでした";

    private static final byte[] GENESIS = new byte[32];

    /**
     * The outcome: how many rows were checked, the first broken one if any, and how many signed
     * checkpoints the chain was held against.
     */
    public record Result(long checked, Optional<Long> firstBroken, String reason, int checkpoints) {

        public boolean intact() {
            return firstBroken.isEmpty();
        }
    }

    /**
     * The chain's rows after the latest checkpoint, as the checkpoint writer sees them.
     *
     * @param head the end of the chain when those rows are intact, else empty
     * @param problem why they are not
     */
    record Tail(Optional<Head> head, String problem) {
    }

    /** Where the chain ends: the last row's number and hash. */
    record Head(long seq, byte[] hash) {
    }

    /** What a walk over the rows found. */
    private record Walk(long checked, Head last, Optional<Long> broken, String reason) {
    }

    private final DataSource dataSource;
    private final AuditKeys keys;
    private final CheckpointFile checkpointFile;

    AuditVerification(DataSource dataSource, AuditKeys keys, CheckpointFile checkpointFile) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.checkpointFile = checkpointFile;
    }

    public Result verify() {
        CheckpointFile.Contents contents = checkpointFile.read();
        int checkpoints = contents.checkpoints().size();
        if (!contents.problems().isEmpty()) {
            CheckpointFile.Problem problem = contents.problems().get(0);
            return new Result(0, Optional.of(problem.seq()), "チェックポイントファイル " + checkpointFile.path() + " の "
                    + problem.line() + " 行目: " + problem.reason(), checkpoints);
        }
        try (Connection c = snapshot()) {
            Optional<String> genesis = atCheckpoints(contents.checkpoints(), new Head(0, GENESIS));
            if (genesis.isPresent()) {
                return new Result(0, Optional.of(1L), genesis.get(), checkpoints);
            }
            Walk walk = walk(c, new Head(0, GENESIS), contents.unkeyedAllowedUpTo(), contents.checkpoints());
            if (walk.broken().isPresent()) {
                return new Result(walk.checked(), walk.broken(), walk.reason(), checkpoints);
            }
            Optional<String> end = endMatches(c, walk.last(), contents);
            c.commit();
            return end.map(reason -> new Result(walk.checked(), Optional.of(walk.last().seq() + 1), reason, checkpoints))
                    .orElseGet(() -> new Result(walk.checked(), Optional.empty(), INTACT, checkpoints));
        } catch (SQLException e) {
            throw new IllegalStateException("アクセス記録を読めません: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the rows after the latest checkpoint (all rows when there is none) and the head, in one
     * snapshot: a checkpoint must only ever sign an intact chain.
     */
    Tail verifyTail(CheckpointFile.Contents contents) {
        Head from = contents.latest().map(cp -> new Head(cp.seq(), cp.hash())).orElse(new Head(0, GENESIS));
        try (Connection c = snapshot()) {
            if (from.seq() > 0) {
                Optional<byte[]> stored = storedHash(c, from.seq());
                if (stored.isEmpty() || !Arrays.equals(stored.get(), from.hash())) {
                    return new Tail(Optional.empty(), "行 " + from.seq() + " がチェックポイントと合いません");
                }
            }
            Walk walk = walk(c, from, contents.unkeyedAllowedUpTo(), contents.checkpoints());
            if (walk.broken().isPresent()) {
                return new Tail(Optional.empty(), "行 " + walk.broken().get() + ": " + walk.reason());
            }
            Optional<String> end = endMatches(c, walk.last(), contents);
            c.commit();
            return end.map(reason -> new Tail(Optional.empty(), reason))
                    .orElseGet(() -> new Tail(Optional.of(walk.last()), null));
        } catch (SQLException e) {
            throw new IllegalStateException("アクセス記録を読めません: " + e.getMessage(), e);
        }
    }

    private Connection snapshot() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private Walk walk(Connection c, Head from, long unkeyedUpTo, List<Checkpoint> checkpoints) throws SQLException {
        Map<Long, List<Checkpoint>> bySeq = new HashMap<>();
        checkpoints.forEach(cp -> bySeq.computeIfAbsent(cp.seq(), s -> new ArrayList<>()).add(cp));
        Map<String, Mac> macs = new HashMap<>();
        byte[] previous = from.hash();
        long expectedSeq = from.seq() + 1;
        long checked = 0;
        boolean keyedSeen = false;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT seq, at, actor, action, person_key, detail, flagged, prev_hash, hash, key_id
                  FROM audit_event WHERE seq > ? ORDER BY seq""")) {
            ps.setLong(1, from.seq());
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq != expectedSeq) {
                        return broken(checked, expectedSeq, "行 " + expectedSeq + " がありません (次は " + seq + ")");
                    }
                    if (!Arrays.equals(rs.getBytes(8), previous)) {
                        return broken(checked, seq, "前の行とのつながり (prev_hash) が合いません");
                    }
                    String keyId = rs.getString(10);
                    byte[] hash;
                    OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                    if (keyId == null) {
                        if (keyedSeen || seq > unkeyedUpTo) {
                            return broken(checked, seq, "鍵のない旧形式のハッシュですが、鍵付きの記録が始まった後の行です (書き換えられています)");
                        }
                        hash = ChainHash.unkeyed(previous, seq, at, rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getBoolean(7));
                    } else {
                        Mac mac = macs.computeIfAbsent(keyId, id -> keys.byId(id).map(AuditKeys.Key::mac).orElse(null));
                        if (mac == null) {
                            return broken(checked, seq, "この行の鍵 " + keyId + " が鍵束 (" + keys.source() + ") にありません");
                        }
                        keyedSeen = true;
                        hash = ChainHash.keyed(mac, previous, seq, at, rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getBoolean(7));
                    }
                    if (!Arrays.equals(hash, rs.getBytes(9))) {
                        return broken(checked, seq, "内容がハッシュと合いません (書き換えられています)");
                    }
                    Optional<String> atCheckpoint = atCheckpoints(bySeq.getOrDefault(seq, List.of()), new Head(seq, hash));
                    if (atCheckpoint.isPresent()) {
                        return broken(checked, seq, atCheckpoint.get());
                    }
                    previous = hash;
                    expectedSeq++;
                    checked++;
                }
            }
        }
        return new Walk(checked, new Head(expectedSeq - 1, previous), Optional.empty(), null);
    }

    /** Every checkpoint naming this row must name this hash. */
    private static Optional<String> atCheckpoints(List<Checkpoint> checkpoints, Head row) {
        return checkpoints.stream().filter(cp -> cp.seq() == row.seq() && !Arrays.equals(cp.hash(), row.hash()))
                .findFirst().map(cp -> "チェックポイント (" + cp.at() + ") に記録されたハッシュと合いません: 行 " + row.seq()
                        + " までのどこかが書き換えられています");
    }

    /**
     * The head row must name the last row walked, and no checkpoint may name a row beyond it: rows
     * removed from the end (and the head set back) are found either way.
     */
    private static Optional<String> endMatches(Connection c, Head last, CheckpointFile.Contents contents)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) != last.seq() || !Arrays.equals(rs.getBytes(2), last.hash())) {
                return Optional.of("末尾の行が消されています (記録上の最終行は " + rs.getLong(1) + ")");
            }
        }
        Optional<Checkpoint> beyond = contents.latest().filter(cp -> cp.seq() > last.seq());
        return beyond.map(cp -> "末尾の行が消されています: チェックポイント (" + cp.at() + ") には行 " + cp.seq()
                + " までありますが、データベースには行 " + last.seq() + " までしかありません");
    }

    private static Optional<byte[]> storedHash(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_event WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    private static Walk broken(long checked, long seq, String reason) {
        return new Walk(checked, null, Optional.of(seq), reason);
    }
}
