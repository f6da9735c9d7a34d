package jp.tsunagu.evacuation;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Disaster mode (災害モード): declared by an administrator for some districts, audited, shown on every page while
 * it lasts; during it the lists of those districts may be given without consent (49条の11 第3項), and staff
 * and supporters record 安否確認. Ending it closes the mode and keeps the record.
 */
@Service
public class Disasters {

    /** A declared disaster. */
    public record Disaster(long id, String kind, List<String> districts, OffsetDateTime startedAt, String startedBy,
            OffsetDateTime endedAt, String endedBy) {

        public boolean open() {
            return endedAt == null;
        }

        public boolean covers(String districtId) {
            return districts.contains(districtId);
        }
    }

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final EvacuationSetup setup;
    private final TokyoTime time;

    Disasters(JdbcClient jdbc, AuditTrail audit, EvacuationSetup setup, TokyoTime time) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.setup = setup;
        this.time = time;
    }

    /** The disaster in force now, if any. */
    public Optional<Disaster> current() {
        return jdbc.sql(SELECT + " WHERE ended_at IS NULL").query((rs, i) -> disaster(rs)).optional();
    }

    /** Every disaster, newest first. */
    public List<Disaster> all() {
        return jdbc.sql(SELECT + " ORDER BY id DESC").query((rs, i) -> disaster(rs)).list();
    }

    public Optional<Disaster> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query((rs, i) -> disaster(rs)).optional();
    }

    /** Declares a disaster; refused while another is open, or without a kind or a known district. */
    @Transactional
    public Disaster declare(String kind, List<String> districts, OffsetDateTime start, String administrator) {
        if (kind == null || kind.isBlank() || kind.length() > 100) {
            throw new EvacuationInputException("災害の種類 (kind) を100文字までで入力してください");
        }
        if (districts == null || districts.isEmpty()) {
            throw new EvacuationInputException("対象の地区 (districts) を一つ以上選んでください");
        }
        for (String d : districts) {
            if (setup.district(d).isEmpty()) {
                throw new EvacuationInputException("対象の地区 (districts) に知らない地区があります: " + d);
            }
        }
        if (current().isPresent()) {
            throw new EvacuationInputException("災害モードはすでに宣言されています。終了してから宣言してください");
        }
        OffsetDateTime started = start == null ? time.now().toOffsetDateTime() : start;
        long id = jdbc.sql("""
                INSERT INTO evac_disaster (kind, districts, started_at, started_by)
                VALUES (:kind, :districts, :started, :by) RETURNING id""")
                .param("kind", kind.strip()).param("districts", districts.toArray(String[]::new))
                .param("started", started).param("by", administrator).query(Long.class).single();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "evacuation.disaster");
        detail.put("operation", "宣言");
        detail.put("disaster", Long.toString(id));
        detail.put("kind", kind.strip());
        detail.put("districts", String.join(",", districts));
        audit.record(AuditEvent.of(administrator, AuditAction.DISASTER, detail));
        return find(id).orElseThrow();
    }

    /** Ends the disaster in force; its record and its 安否確認 are kept. */
    @Transactional
    public Disaster end(String administrator) {
        Disaster open = current().orElseThrow(() -> new EvacuationInputException("宣言中の災害はありません"));
        jdbc.sql("UPDATE evac_disaster SET ended_at = :at, ended_by = :by WHERE id = :id")
                .param("at", time.now().toOffsetDateTime()).param("by", administrator).param("id", open.id()).update();
        audit.record(AuditEvent.of(administrator, AuditAction.DISASTER, Map.of("screen", "evacuation.disaster",
                "operation", "終了", "disaster", Long.toString(open.id()))));
        return find(open.id()).orElseThrow();
    }

    private static final String SELECT = """
            SELECT id, kind, districts, started_at, started_by, ended_at, ended_by FROM evac_disaster""";

    private static Disaster disaster(java.sql.ResultSet rs) throws java.sql.SQLException {
        String[] districts = (String[]) rs.getArray(3).getArray();
        return new Disaster(rs.getLong(1), rs.getString(2), Arrays.asList(districts),
                rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
                rs.getString(7));
    }
}
