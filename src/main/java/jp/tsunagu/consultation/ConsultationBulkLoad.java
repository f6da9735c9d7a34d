package jp.tsunagu.consultation;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import jp.tsunagu.platform.TokyoTime;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.stereotype.Component;

/**
 * Loads a large, realistic set of records with {@code COPY} for the benchmark (性能測定用の大量記録): the same
 * tables and the same kuromoji words as records written one by one — each distinct sentence is cut once and
 * a record's words are the union of its sentences' (an account is made of whole sentences, and kuromoji cuts at
 * 「。」 anyway). Each account also names a place and a facility (入間川三丁目の児童公園) and a given name as
 * heard, so that a search for them finds a few records rather than a fifth of them. Not for a city's data.
 */
@Component
public class ConsultationBulkLoad {

    private static final String[] TOWNS = {"入間川", "狭山台", "柏原", "堀兼", "水野", "笹井", "上広瀬", "下奥富", "新狭山",
        "北入曽", "南入曽", "東三ツ木", "広瀬台", "鵜ノ木", "祇園", "稲荷山", "富士見", "根岸", "青柳", "加佐志", "上赤坂",
        "中新田", "北田", "奥富", "入曽", "水富", "智光山", "広瀬東", "下広瀬", "つつじ野"};
    private static final String[] PLACES = {"児童公園", "小学校", "中学校", "保育所", "公民館", "駅前", "団地", "集会所",
        "図書館", "商店街"};
    /** Names as heard, in katakana as staff write a name they could not yet check. */
    private static final String[] GIVEN = {"ヒナタ", "ソウタ", "ユイ", "ハルト", "メイ", "リク", "サクラ", "ユウト", "アオイ",
        "コハル", "ミツキ", "レン", "イチカ", "タクミ", "フミ", "トシオ", "カズコ", "シゲル", "ヨシエ", "マサル"};
    private static final String[] NUMERALS = {"一", "二", "三", "四", "五"};

    /** What was loaded. */
    public record Loaded(long records, long entries, long open, long pendingReferrals, long followUps) {
    }

    private final DataSource dataSource;
    private final ConsultationProperties properties;
    private final Map<String, List<String>> words = new HashMap<>();

    ConsultationBulkLoad(DataSource dataSource, ConsultationProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /**
     * About {@code entries} entries (four a record on average) about these persons, recorded by these
     * departments over the year before {@code now}; {@code openShare} of the records (the newest) are open.
     */
    public Loaded load(String[] personKeys, List<String> departments, long entries, double openShare, long seed,
            Instant now) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        List<Category> categories = properties.categories();
        long records = entries / 4;
        long openRecords = Math.max(1, (long) (records * openShare));
        Counts counts = new Counts();
        try (Connection c = dataSource.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            // the search rows are made from the loaded entries, and their indexes built once after the load
            // (sorted), not grown row by row: as the migrations define them (their storage options too)
            List<String> searchIndexes = new java.util.ArrayList<>();
            try (Statement st = c.createStatement()) {
                try (var rs = st.executeQuery("""
                        SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                         WHERE c.relname IN ('consultation_search_words', 'consultation_search_marks') ORDER BY 1""")) {
                    while (rs.next()) {
                        searchIndexes.add(rs.getString(1));
                    }
                }
                if (searchIndexes.size() != 2) {
                    throw new IllegalStateException("相談記録の検索索引が揃っていません: " + searchIndexes);
                }
                st.execute("DROP INDEX consultation_search_words");
                st.execute("DROP INDEX consultation_search_marks");
            }
            Batch batch = new Batch();
            for (long id = 1; id <= records; id++) {
                // the newest records come last and are the open ones
                boolean open = id > records - openRecords;
                long secondsAgo = (long) ((double) (records - id) / records * 365 * 86_400) + random.nextInt(600);
                one(random, id, categories.get(random.nextInt(categories.size())),
                        personKeys[random.nextInt(personKeys.length)], departments, now.minusSeconds(secondsAgo), now,
                        open, batch, counts);
                if (batch.size() > 50_000) {
                    batch.flush(copy);
                }
            }
            batch.flush(copy);
            try (Statement st = c.createStatement()) {
                st.execute("SET maintenance_work_mem = '256MB'");
                // statistics of what was just loaded first: planned on the empty tables' guesses, the search rows'
                // NOT EXISTS became a nested loop over the rows the statement itself inserts (seen on PostgreSQL
                // 15: over ten minutes, where it takes one)
                st.execute("ANALYZE consultation, consultation_entry, consultation_person, consultation_department, "
                        + "consultation_search");
                st.execute(SEARCH_ROWS);
                for (String index : searchIndexes) {
                    st.execute(index);
                }
                st.execute("SELECT setval('consultation_id_seq', " + records + ")");
                st.execute("SELECT setval('consultation_entry_id_seq', " + counts.entries + ")");
                st.execute("ANALYZE consultation, consultation_entry, consultation_person, consultation_department, "
                        + "consultation_open, consultation_pending_referral, consultation_open_follow_up, "
                        + "consultation_search");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Loaded(records, counts.entries, openRecords, counts.referrals, counts.followUps);
    }

    /** Each loaded record's search row, as V8_1_0 made them for the records before it: the same derivation. */
    private static final String SEARCH_ROWS = """
            INSERT INTO consultation_search (consultation_id, received_at, category, departments, persons, words)
            SELECT c.id, c.received_at, c.category, coalesce(d.departments, '{}'), coalesce(p.persons, '{}'),
                   coalesce(w.words, '')
              FROM consultation c
              LEFT JOIN (SELECT consultation_id, array_agg(department_id ORDER BY entry_id) AS departments
                           FROM consultation_department GROUP BY consultation_id) d ON d.consultation_id = c.id
              LEFT JOIN (SELECT consultation_id, array_agg(person_key ORDER BY entry_id) AS persons
                           FROM consultation_person GROUP BY consultation_id) p ON p.consultation_id = c.id
              LEFT JOIN (SELECT consultation_id, consultation_words(search) AS words
                           FROM consultation_entry WHERE search IS NOT NULL GROUP BY consultation_id) w
                     ON w.consultation_id = c.id
             WHERE NOT EXISTS (SELECT 1 FROM consultation_search s WHERE s.consultation_id = c.id)""";

    private static final class Counts {
        long entries;
        long referrals;
        long followUps;
    }

    private void one(SplittableRandom r, long id, Category category, String person, List<String> departments,
            Instant received, Instant now, boolean open, Batch b, Counts n) {
        String department = departments.get(r.nextInt(departments.size()));
        Urgency urgency = category.hidden() ? Urgency.URGENT : Urgency.values()[1 + r.nextInt(2)];
        Instant due = category.hasClock() ? received.plus(category.clock()) : null;
        b.row(b.headers, id, ts(received), Channel.values()[r.nextInt(5)].name(), Caller.values()[r.nextInt(8)].name(),
                category.code(), urgency.name(), department, department, ts(received.plusSeconds(300)), ts(due));
        String place = TOWNS[r.nextInt(TOWNS.length)] + NUMERALS[r.nextInt(5)] + "丁目の" + PLACES[r.nextInt(PLACES.length)]
                + "付近。聞き取った名前は「" + GIVEN[r.nextInt(GIVEN.length)] + "」。";
        String account = ConsultationTexts.account(category.code(), r) + place;
        long opened = ++n.entries;
        Instant t = received.plusSeconds(300);
        entry(b, opened, id, "OPENED", t, department, account, null, null, null, null);
        b.row(b.departments, id, department, opened);
        long subject = ++n.entries;
        entry(b, subject, id, "SUBJECT", t, department, null, null, person, null, null);
        b.row(b.persons, id, person, subject);
        int notes = open ? r.nextInt(2) : 1 + r.nextInt(2);
        for (int i = 0; i < notes; i++) {
            t = t.plus(Duration.ofHours(1 + r.nextInt(40)));
            if (t.isAfter(now)) {
                t = now.minusSeconds(60);
            }
            entry(b, ++n.entries, id, "NOTE", t, department, ConsultationTexts.note(r), null, null, null, null);
        }
        if (!open) {
            if (due != null) {
                entry(b, ++n.entries, id, "CONFIRMATION", t, department, "本人と面会し安全を確認した。", null, null, null,
                        "{\"seenBy\":\"相談員\",\"seenAt\":\"" + received.plusSeconds(7200) + "\",\"place\":\"自宅\"}");
            }
            entry(b, ++n.entries, id, "CLOSED", t.plusSeconds(3600), department, "対応を終えたため終結。", null, null, null,
                    null);
            return;
        }
        b.row(b.open, id, urgency.name(), ts(due));
        if (r.nextInt(5) == 0) {
            String to = departments.get((departments.indexOf(department) + 1) % departments.size());
            long referral = ++n.entries;
            entry(b, referral, id, "REFERRAL", t, department, "制度の枠を超えた支援が必要なため、つなぎます。", null, null, to, null);
            b.row(b.departments, id, to, referral);
            b.row(b.referrals, referral, id, department, to, ts(t));
            n.referrals++;
        }
        if (r.nextInt(3) == 0) {
            long f = ++n.entries;
            LocalDate dueOn = now.atZone(TokyoTime.ZONE).toLocalDate().plusDays(r.nextInt(6));
            b.row(b.entries, f, id, "FOLLOW_UP", ts(t), department, department, "家庭訪問", null, null, null,
                    department, dueOn, "{}", tsvector(List.of("家庭訪問")));
            b.row(b.followUps, f, id, dueOn);
            n.followUps++;
        }
    }

    private void entry(Batch b, long id, long record, String kind, Instant at, String department, String body,
            Long refersTo, String person, String target, String detail) {
        b.row(b.entries, id, record, kind, ts(at), department, department, body, refersTo, person, target, null, null,
                detail == null ? "{}" : detail, body == null ? null : tsvector(sentences(body)));
    }

    /** The body's sentences, each ending with 。 */
    private static List<String> sentences(String body) {
        List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '。') {
                parts.add(body.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < body.length()) {
            parts.add(body.substring(start));
        }
        return parts;
    }

    private String tsvector(List<String> sentences) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : sentences) {
            all.addAll(words.computeIfAbsent(s, JapaneseText::lexemes));
        }
        StringBuilder v = new StringBuilder();
        for (String w : all) {
            if (!v.isEmpty()) {
                v.append(' ');
            }
            v.append(JapaneseText.lexeme(w));
        }
        return v.toString();
    }

    private static String ts(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Rows for the tables, written as COPY text. */
    private static final class Batch {
        final StringBuilder headers = new StringBuilder();
        final StringBuilder entries = new StringBuilder();
        final StringBuilder persons = new StringBuilder();
        final StringBuilder departments = new StringBuilder();
        final StringBuilder open = new StringBuilder();
        final StringBuilder referrals = new StringBuilder();
        final StringBuilder followUps = new StringBuilder();
        int rows;

        void row(StringBuilder table, Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    table.append('\t');
                }
                Object v = values[i];
                if (v == null) {
                    table.append("\\N");
                } else {
                    String s = v.toString();
                    for (int k = 0; k < s.length(); k++) {
                        char ch = s.charAt(k);
                        switch (ch) {
                            case '\\' -> table.append("\\\\");
                            case '\t' -> table.append("\\t");
                            case '\n' -> table.append("\\n");
                            case '\r' -> table.append("\\r");
                            default -> table.append(ch);
                        }
                    }
                }
            }
            table.append('\n');
            rows++;
        }

        int size() {
            return rows;
        }

        void flush(CopyManager copy) throws SQLException, IOException {
            copy(copy, "consultation (id, received_at, channel, caller, category, urgency, department_id, recorded_by, "
                    + "recorded_at, clock_due)", headers);
            copy(copy, "consultation_entry (id, consultation_id, kind, at, author, department_id, body, refers_to, "
                    + "person_key, target_department, assignee, due_on, detail, search)", entries);
            copy(copy, "consultation_person (consultation_id, person_key, entry_id)", persons);
            copy(copy, "consultation_department (consultation_id, department_id, entry_id)", departments);
            copy(copy, "consultation_open (consultation_id, urgency, clock_due)", open);
            copy(copy, "consultation_pending_referral (entry_id, consultation_id, from_department, to_department, sent_at)",
                    referrals);
            copy(copy, "consultation_open_follow_up (entry_id, consultation_id, due_on)", followUps);
            rows = 0;
        }

        private static void copy(CopyManager copy, String table, StringBuilder rows) throws SQLException, IOException {
            if (!rows.isEmpty()) {
                copy.copyIn("COPY " + table + " FROM STDIN", new StringReader(rows.toString()));
                rows.setLength(0);
            }
        }
    }
}
