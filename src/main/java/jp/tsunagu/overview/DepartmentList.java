package jp.tsunagu.overview;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.FieldType;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.japanese.JapaneseDates;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The department view (課の一覧): the persons in any of the chosen programs, in one list with a
 * column per program, filtered, sorted and paged. Only sources the viewer may see in detail can be
 * chosen; 支援措置 persons' addresses are hidden as everywhere.
 */
@Service
public class DepartmentList {

    /** What the department asked for. */
    public record Query(List<String> sources, String status, Integer minAge, Integer maxAge, String town, String sort,
            int page) {
    }

    /** One row. */
    @Schema(name = "DepartmentPerson", description = "課の一覧の一人。programs は連携元 ID ごとの要約")
    public record Row(String personKey, String name, String kana, String birthDate, Integer age, String address,
            String status, boolean supportMeasure, boolean addressProtected, Map<String, String> programs) {
    }

    /** A page of rows with the total. */
    public record Page(List<SourceDefinition> sources, List<Row> rows, long total, int page, int pageSize) {

        public int pages() {
            return (int) Math.max(1, (total + pageSize - 1) / pageSize);
        }
    }

    /** The JSON answer of {@code /api/v1/department/persons}. */
    @Schema(name = "DepartmentPersons", description = "課の一覧の 1 ページ")
    public record DepartmentPersons(List<String> sources, long total, int page, List<Row> persons) {
    }

    static final int PAGE_SIZE = 50;

    private final NamedParameterJdbcTemplate jdbc;
    private final SourceCatalog catalog;
    private final AccessPolicy access;
    private final JsonMapper json = JsonMapper.builder().build();

    DepartmentList(NamedParameterJdbcTemplate jdbc, SourceCatalog catalog, AccessPolicy access) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.access = access;
    }

    /** The program sources this viewer may list (detail level), the department's own first. */
    public List<SourceDefinition> choosable(Viewer viewer) {
        return choosable(access.of(viewer));
    }

    private List<SourceDefinition> choosable(jp.tsunagu.access.ViewerAccess may) {
        Viewer viewer = may.viewer();
        return catalog.all().stream().filter(s -> !s.role().isMaster())
                .filter(s -> may.level(s.id(), s.department().id(), null) == GrantLevel.DETAIL)
                .sorted(java.util.Comparator.comparing((SourceDefinition s) -> !s.department().id().equals(viewer.departmentId()))
                        .thenComparing(SourceDefinition::program).thenComparing(SourceDefinition::id))
                .toList();
    }

    /** One page (or, with {@code pageSize} ≤ 0, all rows, for exports). */
    public Page list(Viewer viewer, Query query, int pageSize) {
        jp.tsunagu.access.ViewerAccess may = access.of(viewer);
        List<SourceDefinition> allowed = choosable(may);
        List<SourceDefinition> sources = allowed.stream()
                .filter(s -> query.sources() == null || query.sources().isEmpty()
                        ? s.department().id().equals(viewer.departmentId()) : query.sources().contains(s.id()))
                .toList();
        if (sources.isEmpty()) {
            return new Page(sources, List.of(), 0, query.page(), Math.max(pageSize, 1));
        }
        MapSqlParameterSource params = new MapSqlParameterSource("sources", sources.stream().map(SourceDefinition::id).toList());
        StringBuilder where = new StringBuilder("p.person_key IN (SELECT r.person_key FROM source_record r WHERE r.source_id IN (:sources))");
        if (query.status() != null && !query.status().isBlank()) {
            where.append(" AND p.status = :status");
            params.addValue("status", query.status());
        }
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        if (query.minAge() != null) {
            where.append(" AND p.birth_date < :bornBefore");
            params.addValue("bornBefore", today.minusYears(query.minAge()).plusDays(1));
        }
        if (query.maxAge() != null) {
            where.append(" AND p.birth_date > :bornAfter");
            params.addValue("bornAfter", today.minusYears(query.maxAge() + 1L));
        }
        // a 支援措置 person is never found, nor placed among neighbours, by the address
        boolean seesProtected = may.seesProtectedAddresses();
        if (query.town() != null && !query.town().isBlank()) {
            where.append(" AND p.address_key LIKE :town")
                    .append(seesProtected ? "" : " AND NOT (p.address_protected OR p.support_measure)");
            params.addValue("town", "%" + jp.tsunagu.japanese.KanjiText.fold(query.town()) + "%");
        }
        String order = switch (query.sort() == null ? "" : query.sort()) {
            case "birth" -> "p.birth_date NULLS LAST, p.person_key";
            case "address" -> seesProtected ? "p.address_key NULLS LAST, p.person_key"
                    : "CASE WHEN p.address_protected OR p.support_measure THEN NULL ELSE p.address_key END NULLS LAST, p.person_key";
            // in the order of person_by_kana (COLLATE "C": katakana in 五十音 order), so that a page of a
            // large program is read from the index, not sorted out of every person in it
            default -> "p.kana_key COLLATE \"C\" NULLS LAST, p.person_key";
        };
        long total = total(where.toString(), params, sources);
        String limit = pageSize > 0 ? " LIMIT :limit OFFSET :offset" : "";
        params.addValue("limit", pageSize).addValue("offset", (long) Math.max(0, query.page() - 1) * Math.max(pageSize, 0));
        List<Row> rows = new ArrayList<>();
        jdbc.query("""
                SELECT p.person_key, p.name, p.kana, p.birth_date, p.address, p.address_detail, p.status, p.support_measure,
                       p.address_protected OR p.support_measure
                  FROM person p WHERE %s ORDER BY %s%s""".formatted(where, order, limit), params, rs -> {
            LocalDate born = rs.getObject(4, LocalDate.class);
            boolean protectedPerson = rs.getBoolean(9);
            String key = rs.getString(1);
            boolean hide = may.withholdsWhereabouts(protectedPerson, key);
            String address = rs.getString(5) == null ? null
                    : rs.getString(6) == null ? rs.getString(5) : rs.getString(5) + " " + rs.getString(6);
            rows.add(new Row(key, rs.getString(2), rs.getString(3),
                    born == null ? null : JapaneseDates.warekiWithYear(born),
                    born == null || born.isAfter(today) ? null : JapaneseDates.age(born, today),
                    hide ? PersonOverview.HIDDEN : address, rs.getString(7), rs.getBoolean(8), protectedPerson,
                    new LinkedHashMap<>()));
        });
        fillPrograms(may, sources, rows);
        return new Page(sources, rows, total, query.page(), pageSize);
    }

    /** A counted list: its count, the snapshots it was counted on, and when. */
    private record Count(long total, String snapshots, long countedAt) {
    }

    /** How long a count is reused while the snapshots stay the same (the person index follows a master import by seconds). */
    static final long COUNT_REUSE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    /** {@link #COUNT_REUSE_NANOS}, shorter in tests. */
    long countReuseNanos = COUNT_REUSE_NANOS;

    private final Map<String, Count> counts = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> recounting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.concurrent.CompletableFuture<Long>> counting =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Takes counts again in the background, one at a time. */
    private final java.util.concurrent.ExecutorService recounter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "department-recount");
        t.setDaemon(true);
        return t;
    });

    /**
     * The number of persons in the list. Counting a large program's persons (介護保険: a quarter of a
     * large city) is most of a page's cost, and the count only changes with an import, so it is
     * reused for the same query while the listed programs' current snapshots are the same, for at
     * most a minute (a master import changes the person index, and with it the filters' results,
     * without changing the programs): a count older than that is shown once more while it is taken
     * again in the background, so that no page waits for a recount unless its programs changed.
     */
    private long total(String where, MapSqlParameterSource params, List<SourceDefinition> sources) {
        String snapshots = jdbc.queryForObject("""
                SELECT coalesce(string_agg(source_id || ':' || coalesce(current_run::text, '-'), ',' ORDER BY source_id), '')
                  FROM source WHERE source_id IN (:sources)""",
                new MapSqlParameterSource("sources", sources.stream().map(SourceDefinition::id).toList()), String.class);
        StringBuilder key = new StringBuilder(where);
        for (String name : params.getParameterNames()) {
            key.append('|').append(name).append('=').append(params.getValue(name));
        }
        long now = System.nanoTime();
        String k = key.toString();
        Count cached = counts.get(k);
        if (cached != null && cached.snapshots().equals(snapshots)) {
            if (now - cached.countedAt() >= countReuseNanos && recounting.add(k)) {
                // older than a minute: this page shows it, and the count is taken again behind it
                recounter.execute(() -> {
                    try {
                        counts.put(k, new Count(count(where, params), snapshots, System.nanoTime()));
                    } catch (RuntimeException e) {
                        counts.remove(k);
                    } finally {
                        recounting.remove(k);
                    }
                });
            }
            return cached.total();
        }
        // staff of one department opening the list together wait for one count, not one each
        String flight = k + "@" + snapshots;
        java.util.concurrent.CompletableFuture<Long> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Long> running = counting.putIfAbsent(flight, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            long total = count(where, params);
            if (counts.size() > 1_000) {
                counts.clear();
            }
            counts.put(k, new Count(total, snapshots, now));
            mine.complete(total);
            return total;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            counting.remove(flight);
        }
    }

    @jakarta.annotation.PreDestroy
    void stopRecounting() {
        recounter.shutdownNow();
    }

    private long count(String where, MapSqlParameterSource params) {
        return jdbc.queryForObject("SELECT count(*) FROM person p WHERE " + where, params, Long.class);
    }

    /** Per row and source: the record's first fields, joined (several records: each on its own line). */
    private void fillPrograms(jp.tsunagu.access.ViewerAccess may, List<SourceDefinition> sources, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Row> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.put(r.personKey(), r));
        Map<String, SourceDefinition> byId = new LinkedHashMap<>();
        sources.forEach(s -> byId.put(s.id(), s));
        jdbc.query("""
                SELECT person_key, source_id, data::text FROM source_record
                 WHERE source_id IN (:sources) AND person_key IN (:keys) ORDER BY person_key, source_id, record_key""",
                new MapSqlParameterSource("sources", new ArrayList<>(byId.keySet())).addValue("keys", new ArrayList<>(byKey.keySet())),
                rs -> {
                    SourceDefinition s = byId.get(rs.getString(2));
                    Row row = byKey.get(rs.getString(1));
                    boolean sensitive = may.seesSensitive(s.id(), s.department().id(), row.personKey());
                    boolean hide = may.withholdsWhereabouts(row.addressProtected(), row.personKey());
                    String summary = summary(s, rs.getString(3), sensitive, hide);
                    row.programs().merge(s.id(), summary, (a, b) -> a + "\n" + b);
                });
    }

    private String summary(SourceDefinition source, String data, boolean sensitive, boolean hideWhereabouts) {
        JsonNode values = json.readTree(data);
        List<String> parts = new ArrayList<>();
        for (FieldDefinition f : source.fields()) {
            if (parts.size() == 3) {
                break;
            }
            if (!values.hasNonNull(f.name()) || f.name().matches("(?i).*(name|kana|phone|address).*")) {
                continue;
            }
            String raw = values.get(f.name()).asString();
            String shown = hideWhereabouts && f.revealsWhereabouts() ? PersonOverview.HIDDEN
                    : f.sensitive() && !sensitive ? PersonOverview.MASKED
                    : f.type() == FieldType.CODE ? f.codeLabel(raw)
                    : f.type() == FieldType.DATE ? JapaneseDates.wareki(LocalDate.parse(raw)) : raw;
            parts.add(f.label() + ": " + shown);
        }
        return String.join(" / ", parts);
    }
}
