package jp.tsunagu;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixture (起動済みのサンプル自治体): day 1 of the small sample city, every source imported, the
 * person index built and every listener caught up, with the staff a test class adds through
 * {@link #staff}. One place for the setup that many test classes shared line by line.
 */
public final class SampleCity {

    /**
     * How often a test looks whether the background work it waits for is done: each look is a query,
     * and on a machine of two cores looking more often takes the time from the work itself.
     */
    public static final Duration POLL = Duration.ofMillis(200);

    /** The password of every account {@link #staff} makes: tests log in with it. */
    public static final String PASSWORD = "pw-123456789";

    private static final long SEED = 20260401L;

    private final GenerationResult day1;
    private final JdbcClient jdbc;
    private final StaffAccounts accounts;

    private SampleCity(GenerationResult day1, JdbcClient jdbc, StaffAccounts accounts) {
        this.day1 = day1;
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    /** The small city on day 1, imported, with the person index and the programs' involvement up to date. */
    public static SampleCity started(SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc,
            StaffAccounts accounts, Path dir) {
        SampleCity city = new SampleCity(importDay1(catalog, imports, dir), jdbc, accounts);
        city.awaitIndex();
        return city;
    }

    /** The same city without staff, for tests that make none. */
    public static GenerationResult importSmall(SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc,
            Path dir) {
        GenerationResult day1 = importDay1(catalog, imports, dir);
        new SampleCity(day1, jdbc, null).awaitIndex();
        return day1;
    }

    private static GenerationResult importDay1(SourceCatalog catalog, SnapshotImport imports, Path dir) {
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 1, SEED, dir);
        catalog.registerFolder(dir.resolve("sources"));
        day1.sources().forEach(f -> imports.importFile(f.id(), f.file(), "test", "test"));
        return day1;
    }

    /** The generated files of day 1. */
    public GenerationResult day1() {
        return day1;
    }

    /**
     * A department (saved or updated) and a staff member in it whose password is {@link #PASSWORD}.
     * Returns this city, so that a class's staff read as one list.
     */
    public SampleCity staff(String username, String displayName, Role role, String departmentId,
            String departmentName, String extension) {
        accounts.saveDepartment(departmentId, departmentName, extension);
        accounts.save(username, displayName, PASSWORD, role, departmentId);
        return this;
    }

    /**
     * Waits until the person index holds every resident of the master export and every module has
     * taken in every applied import (the index, the programs' involvement).
     */
    public void awaitIndex() {
        long residents = day1.sources().get(0).rows();
        await("the person index holds the " + residents + " residents").pollInterval(POLL)
                .atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.sql("SELECT count(*) FROM person WHERE status = '住民'").query(Long.class).single(),
                        n -> n >= residents);
        awaitListeners(jdbc);
    }

    /**
     * Waits until every module has taken in every applied import (the person index, the programs'
     * involvement): no event publication is left incomplete.
     */
    public static void awaitListeners(JdbcClient jdbc) {
        try {
            await("every listener took in every applied import").pollInterval(POLL).atMost(Duration.ofMinutes(2))
                    .until(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                            .query(Long.class).single(), n -> n == 0);
        } catch (ConditionTimeoutException e) {
            // which listener is stuck and since when: a timeout alone says nothing about the cause
            List<String> open = jdbc.sql("""
                    SELECT listener_id || ' ← ' || event_type || ' published ' || publication_date
                           || ' status ' || coalesce(status, '-') || ' attempts ' || coalesce(completion_attempts, 0)
                      FROM event_publication WHERE completion_date IS NULL ORDER BY publication_date LIMIT 20""")
                    .query(String.class).list();
            List<String> running = jdbc.sql("""
                    SELECT application_name || ' ' || state || ' ' || coalesce(wait_event_type, '-') || ' '
                           || (now() - query_start) || ' ' || left(query, 160)
                      FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()""")
                    .query(String.class).list();
            throw new AssertionError(e.getMessage() + "\nincomplete publications:\n  " + String.join("\n  ", open)
                    + "\nsessions:\n  " + String.join("\n  ", running), e);
        }
    }
}
