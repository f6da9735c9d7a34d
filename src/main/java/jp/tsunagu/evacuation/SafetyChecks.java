package jp.tsunagu.evacuation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 安否確認 during a disaster: entries made on a phone, each with the id the device gave it, so that an entry
 * sent again after a lost connection is stored once; the latest entry per person is the person's state, and
 * the dashboard counts them per district.
 */
@Service
public class SafetyChecks {

    /** One entry as the device made it. */
    public record Entry(UUID id, String personKey, SafetyStatus status, String shelter, String note,
            OffsetDateTime observedAt) {
    }

    /** A district's confirmation: persons on the list there, and how many are in each latest state. */
    public record Tally(String districtId, String districtName, int listed, Map<SafetyStatus, Integer> byStatus) {

        public int confirmed() {
            return listed - byStatus.getOrDefault(SafetyStatus.UNCONFIRMED, 0);
        }
    }

    /** A person's latest state. */
    public record Latest(String personKey, SafetyStatus status, String shelter, String note, OffsetDateTime observedAt,
            String recordedBy) {
    }

    private final JdbcClient jdbc;
    private final Disasters disasters;
    private final EvacuationSetup setup;
    private final TokyoTime time;

    SafetyChecks(JdbcClient jdbc, Disasters disasters, EvacuationSetup setup, TokyoTime time) {
        this.jdbc = jdbc;
        this.disasters = disasters;
        this.setup = setup;
        this.time = time;
    }

    /**
     * Stores the entries of the disaster in force; an entry whose id is already stored is skipped. Returns how
     * many were new. Refused whole (nothing stored) when no disaster is open or an entry names a person not on
     * the list.
     */
    @Transactional
    public int record(List<Entry> entries, String user) {
        Disasters.Disaster disaster = disasters.current()
                .orElseThrow(() -> new EvacuationInputException("災害モードではないため、安否確認は記録できません"));
        if (entries.isEmpty()) {
            return 0;
        }
        List<String> keys = entries.stream().map(Entry::personKey).distinct().toList();
        long known = jdbc.sql("SELECT count(*) FROM evac_person WHERE person_key = ANY(:k)")
                .param("k", keys.toArray(String[]::new)).query(Long.class).single();
        if (known != keys.size()) {
            throw new EvacuationInputException("名簿に載っていない人 (personKey) の安否は記録できません");
        }
        OffsetDateTime now = time.now().toOffsetDateTime();
        int stored = 0;
        for (Entry e : entries) {
            if (e.id() == null || e.status() == null) {
                throw new EvacuationInputException("安否確認には id (UUID) と status が必要です");
            }
            if (e.shelter() != null && e.shelter().length() > 100 || e.note() != null && e.note().length() > 500) {
                throw new EvacuationInputException("避難所名は100文字、メモは500文字までです");
            }
            OffsetDateTime observed = e.observedAt() == null || e.observedAt().isAfter(now) ? now : e.observedAt();
            stored += jdbc.sql("""
                    INSERT INTO evac_safety (entry_id, disaster_id, person_key, status, shelter, note, observed_at,
                                             recorded_by)
                    VALUES (:id, :d, :k, :s, :shelter, :note, :observed, :by) ON CONFLICT (entry_id) DO NOTHING""")
                    .param("id", e.id()).param("d", disaster.id()).param("k", e.personKey())
                    .param("s", e.status().name()).param("shelter", blankToNull(e.shelter()))
                    .param("note", blankToNull(e.note())).param("observed", observed).param("by", user).update();
        }
        return stored;
    }

    /** Each person's latest state in this disaster, among these persons. */
    public Map<String, Latest> latest(long disasterId, List<String> keys) {
        Map<String, Latest> latest = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (person_key) person_key, status, shelter, note, observed_at, recorded_by
                  FROM evac_safety WHERE disaster_id = :d AND person_key = ANY(:k)
                 ORDER BY person_key, observed_at DESC, recorded_at DESC""")
                .param("d", disasterId).param("k", keys.toArray(String[]::new))
                .query(rs -> {
                    latest.put(rs.getString(1), new Latest(rs.getString(1), SafetyStatus.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getString(6)));
                });
        return latest;
    }

    /** The dashboard (安否確認の状況): per district of the disaster, the latest state of each listed person. */
    public List<Tally> dashboard(Disasters.Disaster disaster) {
        Map<String, Map<SafetyStatus, Integer>> counts = new LinkedHashMap<>();
        Map<String, Integer> listed = new HashMap<>();
        jdbc.sql("""
                SELECT p.district_id, count(*), coalesce(s.status, 'UNCONFIRMED')
                  FROM evac_person p
                  LEFT JOIN (SELECT DISTINCT ON (person_key) person_key, status FROM evac_safety
                              WHERE disaster_id = :d ORDER BY person_key, observed_at DESC, recorded_at DESC) s
                         ON s.person_key = p.person_key
                 WHERE p.district_id = ANY(:districts)
                 GROUP BY p.district_id, coalesce(s.status, 'UNCONFIRMED')""")
                .param("d", disaster.id()).param("districts", disaster.districts().toArray(String[]::new))
                .query(rs -> {
                    counts.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(SafetyStatus.class))
                            .put(SafetyStatus.valueOf(rs.getString(3)), rs.getInt(2));
                    listed.merge(rs.getString(1), rs.getInt(2), Integer::sum);
                });
        List<Tally> tallies = new ArrayList<>();
        for (String d : disaster.districts()) {
            tallies.add(new Tally(d, setup.district(d).map(District::name).orElse(d), listed.getOrDefault(d, 0),
                    counts.getOrDefault(d, new EnumMap<>(SafetyStatus.class))));
        }
        return tallies;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
