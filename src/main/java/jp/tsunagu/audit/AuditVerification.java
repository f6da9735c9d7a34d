package jp.tsunagu.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * Checks the audit trail's chain from its first row (改ざん検査) and names the first row whose
 * content, order or link does not match.
 */
@Service
public class AuditVerification {

    /** The outcome: how many rows were checked, and the first broken one if any. */
    public record Result(long checked, Optional<Long> firstBroken, String reason) {

        public boolean intact() {
            return firstBroken.isEmpty();
        }
    }

    private final DataSource dataSource;

    AuditVerification(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Result verify() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            byte[] previous = new byte[32];
            long expectedSeq = 1;
            long checked = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT seq, at, actor, action, person_key, detail, flagged, prev_hash, hash
                      FROM audit_event ORDER BY seq""")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        if (seq != expectedSeq) {
                            return new Result(checked, Optional.of(expectedSeq),
                                    "行 " + expectedSeq + " がありません (次は " + seq + ")");
                        }
                        if (!Arrays.equals(rs.getBytes(8), previous)) {
                            return new Result(checked, Optional.of(seq), "前の行とのつながり (prev_hash) が合いません");
                        }
                        byte[] hash = ChainHash.of(previous, seq, rs.getObject(2, OffsetDateTime.class),
                                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7));
                        if (!Arrays.equals(hash, rs.getBytes(9))) {
                            return new Result(checked, Optional.of(seq), "内容がハッシュと合いません (書き換えられています)");
                        }
                        previous = hash;
                        expectedSeq++;
                        checked++;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != checked || !Arrays.equals(rs.getBytes(2), previous)) {
                    return new Result(checked, Optional.of(checked + 1),
                            "末尾の行が消されています (記録上の最終行は " + rs.getLong(1) + ")");
                }
            }
            c.commit();
            return new Result(checked, Optional.empty(), "改ざんは見つかりませんでした");
        } catch (SQLException e) {
            throw new IllegalStateException("アクセス記録を読めません: " + e.getMessage(), e);
        }
    }
}
