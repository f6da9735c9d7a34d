package jp.tsunagu.evacuation;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.tsunagu.importing.SnapshotApplied;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.PersonFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the list (名簿の再計算) after every import that can change it — a master source once the person
 * index has taken it in (moves, deaths, households, addresses) or a source a criterion or the contact reads — every night (ages change without an
 * import), and on an administrator's request. Set-based: the qualifying persons go into a temporary table in
 * one statement, and one statement each closes the listings that no longer hold (kept as history) and opens
 * the new ones.
 */
@Service
public class ListRecompute {

    private static final Logger log = LoggerFactory.getLogger(ListRecompute.class);

    /** What one recomputation did. */
    public record Result(int listed, int joined, int left, long millis) {
    }

    private final EvacuationSetup setup;
    private final CriteriaEvaluation evaluation;
    private final PersonFacts persons;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TokyoTime time;
    private final TownPlacement placement;
    private final jp.tsunagu.programs.Programs programs;

    ListRecompute(EvacuationSetup setup, CriteriaEvaluation evaluation, PersonFacts persons, JdbcClient jdbc,
            TransactionTemplate transactions, TokyoTime time, jp.tsunagu.programs.Programs programs) {
        this.programs = programs;
        this.setup = setup;
        this.evaluation = evaluation;
        this.persons = persons;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.time = time;
        this.placement = new TownPlacement(setup);
    }

    @ApplicationModuleListener
    void on(SnapshotApplied applied) {
        // a master import is taken in once the person index has it (PersonsIndexed), not before
        if (!applied.role().isMaster() && setup.sources().contains(applied.sourceId())) {
            recompute("取込 " + applied.sourceId() + " (取込番号 " + applied.runId() + ")");
        }
    }

    @ApplicationModuleListener
    void on(jp.tsunagu.resident.PersonsIndexed indexed) {
        recompute("宛名索引の更新 " + indexed.sourceId() + " (取込番号 " + indexed.runId() + ")");
    }

    /**
     * At start, a hub that has records but has never computed the list (the module is new to it) computes it
     * once, rather than waiting for the next import or the night.
     */
    @org.springframework.context.event.EventListener
    void onReady(org.springframework.boot.context.event.ApplicationReadyEvent ready) {
        jp.tsunagu.platform.ApplicationStop.duringStart(ready.getApplicationContext(), "避難行動要支援者名簿の初回の計算",
                this::firstComputation);
    }

    /** The computation of {@link #onReady}: only for a hub that has never computed the list. */
    void firstComputation() {
        boolean never = jdbc.sql("SELECT count(*) FROM evac_recompute").query(Long.class).single() == 0;
        if (never && programs.importedSources(setup.sources()) > 0) {
            recompute("初回");
        }
    }

    @Scheduled(cron = "0 30 0 * * *", zone = "Asia/Tokyo")
    void nightly() {
        recompute("日次");
    }

    /** Recomputes the whole list now; serialised with any other recomputation. */
    public Result recompute(String trigger) {
        long t0 = System.nanoTime();
        Result result = transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('evacuation:recompute', 0))").query().singleRow();
            return apply(trigger, t0);
        });
        log.info("避難行動要支援者名簿を再計算しました ({}): {} 人, 追加 {}, 終了 {} ({} ms)", trigger, result.listed(),
                result.joined(), result.left(), result.millis());
        return result;
    }

    private Result apply(String trigger, long t0) {
        // every qualifying resident's address, in person key order: those a criterion read on the way, then the
        // others looked up by key
        Map<String, String> addresses = new TreeMap<>();
        Map<String, String[]> qualifying = evaluation.qualifying(setup.criteria(), time.today(), addresses);
        TreeSet<String> others = new TreeSet<>();
        qualifying.values().forEach(keys -> {
            for (String k : keys) {
                if (!addresses.containsKey(k)) {
                    others.add(k);
                }
            }
        });
        addresses.putAll(persons.residentAddresses(others.toArray(String[]::new)));
        List<String> keys = new ArrayList<>();
        List<String> criteria = new ArrayList<>();
        qualifying.forEach((criterion, qualified) -> {
            for (String k : qualified) {
                if (addresses.containsKey(k)) {
                    keys.add(k);
                    criteria.add(criterion);
                }
            }
        });
        List<String> placedKeys = new ArrayList<>(addresses.size());
        List<String> towns = new ArrayList<>(addresses.size());
        List<String> districts = new ArrayList<>(addresses.size());
        addresses.forEach((k, address) -> {
            TownPlacement.Place p = placement.place(address);
            placedKeys.add(k);
            towns.add(p.town());
            districts.add(p.districtId());
        });
        OffsetDateTime now = time.now().toOffsetDateTime();
        jdbc.sql("""
                CREATE TEMP TABLE evac_now ON COMMIT DROP AS
                SELECT * FROM unnest(:keys::text[], :criteria::text[]) AS n(person_key, criterion_id)""")
                .param("keys", keys.toArray(String[]::new)).param("criteria", criteria.toArray(String[]::new))
                .update();
        jdbc.sql("ANALYZE evac_now").update();
        int left = jdbc.sql("""
                UPDATE evac_listing l SET until = :now
                 WHERE l.until IS NULL AND NOT EXISTS (
                       SELECT 1 FROM evac_now n WHERE n.person_key = l.person_key AND n.criterion_id = l.criterion_id)""")
                .param("now", now).update();
        int joined = jdbc.sql("""
                INSERT INTO evac_listing (person_key, criterion_id, since)
                SELECT n.person_key, n.criterion_id, :now FROM evac_now n
                 WHERE NOT EXISTS (SELECT 1 FROM evac_listing l
                                    WHERE l.until IS NULL AND l.person_key = n.person_key
                                      AND l.criterion_id = n.criterion_id)""")
                .param("now", now).update();
        // the listed persons' places: each placed person qualifies by a criterion and is now listed by it (every key
        // of addresses came from a criterion's list), so the places are the listed persons'. Only what changed is
        // written: a recomputation after an import that moved no one rewrites nothing (at 1,000,000 residents,
        // deleting and inserting the 192,000 places again took 2–3 s of every import)
        jdbc.sql("""
                CREATE TEMP TABLE evac_place ON COMMIT DROP AS
                SELECT * FROM unnest(:keys::text[], :towns::text[], :districts::text[]) AS p(person_key, town, district_id)""")
                .param("keys", placedKeys.toArray(String[]::new)).param("towns", towns.toArray(String[]::new))
                .param("districts", districts.toArray(String[]::new)).update();
        jdbc.sql("ANALYZE evac_place").update();
        jdbc.sql("""
                DELETE FROM evac_person e
                 WHERE NOT EXISTS (SELECT 1 FROM evac_place p
                                    WHERE p.person_key = e.person_key AND p.town IS NOT DISTINCT FROM e.town
                                      AND p.district_id IS NOT DISTINCT FROM e.district_id)""").update();
        jdbc.sql("""
                INSERT INTO evac_person (person_key, town, district_id)
                SELECT p.person_key, p.town, p.district_id FROM evac_place p
                 WHERE NOT EXISTS (SELECT 1 FROM evac_person e WHERE e.person_key = p.person_key)
                 ORDER BY p.person_key""").update();
        int listed = jdbc.sql("SELECT count(*) FROM evac_person").query(Integer.class).single();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        jdbc.sql("""
                INSERT INTO evac_recompute (id, at, listed, joined, left_list, millis, trigger)
                VALUES (1, :at, :listed, :joined, :left, :millis, :trigger)
                ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at, listed = EXCLUDED.listed, joined = EXCLUDED.joined,
                       left_list = EXCLUDED.left_list, millis = EXCLUDED.millis, trigger = EXCLUDED.trigger""")
                .param("at", now).param("listed", listed).param("joined", joined).param("left", left)
                .param("millis", millis).param("trigger", trigger).update();
        return new Result(listed, joined, left, millis);
    }
}
