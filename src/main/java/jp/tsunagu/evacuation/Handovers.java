package jp.tsunagu.evacuation;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
 * Handing a district's list to a supporter (名簿情報の提供): who is on it — in normal times the persons who
 * consented to that purpose, in a disaster that covers the district everyone, recorded as given without
 * consent — never a 支援措置 person; each list is recorded with what it carried, so that the next one to the
 * same recipient says who was added, removed or changed, and the paper is to be returned or destroyed by a day.
 */
@Service
public class Handovers {

    /** A recorded handover. */
    public record Handover(long id, String districtId, Purpose purpose, String recipient, String format,
            OffsetDateTime givenAt, String givenBy, LocalDate returnBy, OffsetDateTime returnedAt, String returnedBy,
            Long disasterId, boolean withoutConsent, int persons) {

        public boolean outstanding() {
            return returnedAt == null;
        }
    }

    /** A person whose items changed since the last handover, and which. */
    public record Changed(StatutoryRow row, List<String> items) {
    }

    /** What changed since the last handover to the same recipient (前回の提供からの差分). */
    public record Diff(Handover previous, List<StatutoryRow> added, List<StatutoryRow> removed, List<Changed> changed) {

        public boolean first() {
            return previous == null;
        }
    }

    /** Who a list would carry now, and on what ground. */
    public record Selection(String districtId, Purpose purpose, List<StatutoryRow> rows, boolean withoutConsent,
            Long disasterId, int protectedLeftOut, int withoutConsentLeftOut) {
    }

    /** A list given: the record, its rows and the diff to the one before. */
    public record Given(Handover handover, List<StatutoryRow> rows, Diff diff, String districtName) {
    }

    private final Roster roster;
    private final Disasters disasters;
    private final EvacuationSetup setup;
    private final EvacuationProperties properties;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TokyoTime time;

    Handovers(Roster roster, Disasters disasters, EvacuationSetup setup, EvacuationProperties properties,
            JdbcClient jdbc, AuditTrail audit, TokyoTime time) {
        this.roster = roster;
        this.disasters = disasters;
        this.setup = setup;
        this.properties = properties;
        this.jdbc = jdbc;
        this.audit = audit;
        this.time = time;
    }

    /** The persons a list of this district for this purpose carries now. */
    public Selection selection(String districtId, Purpose purpose) {
        District district = setup.district(districtId)
                .orElseThrow(() -> new EvacuationInputException("地区 (district) がありません: " + districtId));
        Optional<Disasters.Disaster> disaster = disasters.current().filter(d -> d.covers(district.id()));
        List<StatutoryRow> rows = new ArrayList<>();
        int protectedLeftOut = 0;
        // in normal times only those who agreed are read; in a disaster everyone of the district
        List<String> keys = disaster.isPresent() ? roster.keys(district.id()) : roster.consentingKeys(district.id(), purpose);
        int noConsent = disaster.isPresent() ? 0 : roster.notConsenting(district.id(), purpose);
        for (Roster.Entry e : roster.entries(keys)) {
            if (e.protectedPerson()) {
                protectedLeftOut++;
            } else {
                rows.add(StatutoryRow.of(e));
            }
        }
        return new Selection(district.id(), purpose, rows, disaster.isPresent(), disaster.map(Disasters.Disaster::id)
                .orElse(null), protectedLeftOut, noConsent);
    }

    /**
     * Records a list given to a recipient and returns what it carries and what changed since the last list
     * to the same recipient. The audit entry is written in the same transaction: no record, no list.
     */
    @Transactional
    public Given give(String districtId, Purpose purpose, String recipient, String format, String user) {
        if (recipient == null || recipient.isBlank() || recipient.length() > 100) {
            throw new EvacuationInputException("受け取る人 (recipient) を100文字までで入力してください");
        }
        if (!format.equals("xlsx") && !format.equals("pdf")) {
            throw new EvacuationInputException("形式 (format) は xlsx か pdf です");
        }
        String who = recipient.strip();
        Selection selection = selection(districtId, purpose);
        Diff diff = diff(districtId, purpose, who, selection.rows());
        OffsetDateTime now = time.now().toOffsetDateTime();
        LocalDate returnBy = time.today().plusDays(properties.returnDays());
        long id = jdbc.sql("""
                INSERT INTO evac_handover (district_id, purpose, recipient, format, given_at, given_by, return_by,
                                           disaster_id, without_consent, persons)
                VALUES (:district, :purpose, :recipient, :format, :at, :by, :returnBy, :disaster, :without, :persons)
                RETURNING id""")
                .param("district", districtId).param("purpose", purpose.name()).param("recipient", who)
                .param("format", format).param("at", now).param("by", user).param("returnBy", returnBy)
                .param("disaster", selection.disasterId()).param("without", selection.withoutConsent())
                .param("persons", selection.rows().size()).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO evac_handover_person (handover_id, person_key, items)
                SELECT :id, k, i FROM unnest(:keys::text[], :items::text[]) AS t(k, i)""")
                .param("id", id).param("keys", selection.rows().stream().map(StatutoryRow::personKey).toArray(String[]::new))
                .param("items", selection.rows().stream().map(StatutoryRow::items).toArray(String[]::new)).update();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "evacuation.handover");
        detail.put("handover", Long.toString(id));
        detail.put("district", districtId);
        detail.put("purpose", purpose.label());
        detail.put("recipient", who);
        detail.put("format", format);
        detail.put("persons", Integer.toString(selection.rows().size()));
        detail.put("withoutConsent", Boolean.toString(selection.withoutConsent()));
        audit.record(AuditEvent.of(user, AuditAction.EXPORT, detail));
        return new Given(find(id).orElseThrow(), selection.rows(), diff, setup.district(districtId).orElseThrow().name());
    }

    /** What a list of these rows changes against the last list this recipient got of this district. */
    public Diff diff(String districtId, Purpose purpose, String recipient, List<StatutoryRow> rows) {
        Optional<Handover> previous = jdbc.sql(SELECT + " " + """
                WHERE district_id = :d AND purpose = :p AND recipient = :r ORDER BY given_at DESC, id DESC LIMIT 1""")
                .param("d", districtId).param("p", purpose.name()).param("r", recipient.strip())
                .query((rs, i) -> handover(rs)).optional();
        if (previous.isEmpty()) {
            return new Diff(null, List.copyOf(rows), List.of(), List.of());
        }
        Map<String, StatutoryRow> before = new LinkedHashMap<>();
        jdbc.sql("SELECT person_key, items FROM evac_handover_person WHERE handover_id = :id ORDER BY person_key")
                .param("id", previous.get().id())
                .query(rs -> {
                    before.put(rs.getString(1), StatutoryRow.fromItems(rs.getString(1), rs.getString(2)));
                });
        List<StatutoryRow> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (StatutoryRow row : rows) {
            StatutoryRow then = before.remove(row.personKey());
            if (then == null) {
                added.add(row);
            } else if (!then.items().equals(row.items())) {
                changed.add(new Changed(row, row.changedFrom(then)));
            }
        }
        return new Diff(previous.get(), added, List.copyOf(before.values()), changed);
    }

    /** Lists not yet returned or destroyed, the overdue first. */
    public List<Handover> outstanding() {
        return jdbc.sql(SELECT + " WHERE returned_at IS NULL ORDER BY return_by, id").query((rs, i) -> handover(rs)).list();
    }

    /** Every handover, newest first. */
    public List<Handover> recent(int limit) {
        return jdbc.sql(SELECT + " ORDER BY given_at DESC, id DESC LIMIT :l").param("l", limit)
                .query((rs, i) -> handover(rs)).list();
    }

    public Optional<Handover> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query((rs, i) -> handover(rs)).optional();
    }

    /** Records that the paper came back or was destroyed (返却・廃棄の確認). */
    @Transactional
    public Handover returned(long id, String user) {
        int updated = jdbc.sql("UPDATE evac_handover SET returned_at = :at, returned_by = :by WHERE id = :id AND returned_at IS NULL")
                .param("at", time.now().toOffsetDateTime()).param("by", user).param("id", id).update();
        if (updated == 0) {
            throw new EvacuationInputException("返却・廃棄を記録できる提供記録がありません (番号 " + id + ")");
        }
        return find(id).orElseThrow();
    }

    private static final String SELECT = """
            SELECT id, district_id, purpose, recipient, format, given_at, given_by, return_by, returned_at, returned_by,
                   disaster_id, without_consent, persons FROM evac_handover""";

    private static Handover handover(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Handover(rs.getLong(1), rs.getString(2), Purpose.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7),
                rs.getObject(8, LocalDate.class), rs.getObject(9, OffsetDateTime.class), rs.getString(10),
                (Long) rs.getObject(11), rs.getBoolean(12), rs.getInt(13));
    }
}
