package jp.tsunagu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixture: the audit trail rows written after a mark, with their detail decoded, so that a test
 * asserts the exact rows its own requests wrote (actor, action, person, detail) rather than a count
 * that rows of other tests could satisfy.
 */
public final class AuditRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One decoded {@code audit_event} row. */
    public record Row(long seq, String actor, String action, String personKey, Map<String, String> detail,
            boolean flagged) {
    }

    private AuditRows() {
    }

    /** The last sequence number written so far: rows after it are the ones a test is about to cause. */
    public static long mark(JdbcClient jdbc) {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_event").query(Long.class).single();
    }

    /** The rows this actor caused after the mark, oldest first. */
    public static List<Row> since(JdbcClient jdbc, long mark, String actor) {
        return jdbc.sql("""
                SELECT seq, actor, action, person_key, detail, flagged FROM audit_event
                 WHERE seq > :m AND actor = :a ORDER BY seq""").param("m", mark).param("a", actor)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        detail(rs.getString(5)), rs.getBoolean(6)))
                .list();
    }

    private static Map<String, String> detail(String json) {
        Map<String, String> detail = new LinkedHashMap<>();
        JsonNode node = JSON.readTree(json);
        node.propertyNames().forEach(name -> detail.put(name, node.get(name).asString()));
        return detail;
    }
}
