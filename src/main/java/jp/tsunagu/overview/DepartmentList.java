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
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TypedValue;
import jp.tsunagu.programs.ProgramSource;
import jp.tsunagu.programs.Programs;
import jp.tsunagu.resident.PersonDirectory;
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

    /**
     * One row.
     *
     * @param programs per source id, the summary the screen and the exports show
     * @param programValues per source id, each record's first fields as typed values (the JSON)
     * @param programColumns per source id, each record's values of {@link #columnFields} (the exports' columns),
     *        masked as the summary is
     */
    public record Row(String personKey, String name, String kana, LocalDate born, String birthDate, Integer age,
            String address, String status, boolean supportMeasure, boolean addressProtected, Map<String, String> programs,
            Map<String, List<List<TypedValue>>> programValues, Map<String, List<List<TypedValue>>> programColumns) {
    }

    /** One row as the JSON gives it: the person's fields and each program's first fields, typed. */
    @Schema(name = "DepartmentPerson", description = "課の一覧の一人。fields は型付きの値 (氏名、カナ、生年月日、年齢、住所、状態)、"
            + "programs は連携元 ID ごとに、レコードごとの先頭の項目 (型付きの値)")
    public record Person(@Schema(example = "0000100002") String personKey, List<TypedValue> fields,
            boolean supportMeasure, boolean addressProtected, Map<String, List<List<TypedValue>>> programs) {

        static Person of(Row row) {
            List<TypedValue> fields = new ArrayList<>();
            fields.add(TypedValue.text("name", "氏名", row.name()));
            fields.add(TypedValue.text("kana", "カナ氏名", row.kana()));
            fields.add(PersonOverview.birthDate(row.born()));
            fields.add(TypedValue.number("age", "年齢", row.age(), row.age() == null ? null : row.age() + "歳"));
            fields.add(PersonOverview.HIDDEN.equals(row.address()) ? TypedValue.withheld("address", "住所", row.address())
                    : TypedValue.text("address", "住所", row.address()));
            fields.add(TypedValue.text("status", "状態", row.status()));
            return new Person(row.personKey(), fields, row.supportMeasure(), row.addressProtected(), row.programValues());
        }
    }

    /** A page of rows with the total. */
    public record Page(List<ProgramSource> sources, List<Row> rows, long total, int page, int pageSize) {

        public int pages() {
            return (int) Math.max(1, (total + pageSize - 1) / pageSize);
        }
    }

    /** The JSON answer of {@code /api/v1/department/persons}. */
    @Schema(name = "DepartmentPersons", description = "課の一覧の 1 ページ")
    public record DepartmentPersons(List<String> sources, long total, int page, List<Person> persons) {
    }

    static final int PAGE_SIZE = 50;

    private final Programs programs;
    private final PersonDirectory directory;
    private final AccessPolicy access;
    private final JsonMapper json = JsonMapper.builder().build();

    DepartmentList(Programs programs, PersonDirectory directory, AccessPolicy access) {
        this.programs = programs;
        this.directory = directory;
        this.access = access;
    }

    /** The program sources this viewer may list (detail level), the department's own first. */
    public List<ProgramSource> choosable(Viewer viewer) {
        return choosable(access.of(viewer));
    }

    private List<ProgramSource> choosable(jp.tsunagu.access.ViewerAccess may) {
        Viewer viewer = may.viewer();
        return programs.programSources().stream()
                .filter(s -> may.level(s.id(), s.department().id(), null) == GrantLevel.DETAIL)
                .sorted(java.util.Comparator.comparing((ProgramSource s) -> !s.department().id().equals(viewer.departmentId()))
                        .thenComparing(ProgramSource::program).thenComparing(ProgramSource::id))
                .toList();
    }

    /** The chosen sources the viewer may list, and the directory's criteria for the query. */
    private record Scope(jp.tsunagu.access.ViewerAccess may, List<ProgramSource> sources, PersonDirectory.Criteria criteria) {

        List<String> ids() {
            return sources.stream().map(ProgramSource::id).toList();
        }
    }

    private Scope scope(Viewer viewer, Query query) {
        jp.tsunagu.access.ViewerAccess may = access.of(viewer);
        List<ProgramSource> sources = choosable(may).stream()
                .filter(s -> query.sources() == null || query.sources().isEmpty()
                        ? s.department().id().equals(viewer.departmentId()) : query.sources().contains(s.id()))
                .toList();
        // a 支援措置 person is never found, nor placed among neighbours, by the address
        PersonDirectory.Criteria criteria = new PersonDirectory.Criteria(query.status(), query.minAge(),
                query.maxAge(), query.town(), query.sort(), may.seesProtectedAddresses());
        return new Scope(may, sources, criteria);
    }

    /** One page (or, with {@code pageSize} ≤ 0, all rows). */
    public Page list(Viewer viewer, Query query, int pageSize) {
        Scope scope = scope(viewer, query);
        if (scope.sources().isEmpty()) {
            return new Page(scope.sources(), List.of(), 0, query.page(), Math.max(pageSize, 1));
        }
        List<String> ids = scope.ids();
        String[] persons = programs.personsIn(ids);
        long total = total(ids, scope.criteria(), persons);
        List<Row> rows = rows(scope, directory.page(persons, scope.criteria(), pageSize,
                (long) Math.max(0, query.page() - 1) * Math.max(pageSize, 0)));
        return new Page(scope.sources(), rows, total, query.page(), pageSize);
    }

    /** An export about to be written: its sources and how many rows it has (counted now, not reused). */
    public record Export(List<ProgramSource> sources, long rows, boolean anyProtected) {
    }

    /** Rows an export reads at a time: the file is written as they come, never the whole list in memory. */
    static final int EXPORT_BATCH = 500;

    /**
     * The whole list for an export: {@code before} is told the sources and the count first (to record the
     * export before any row leaves), then {@code each} gets the rows in the list's order, a batch at a time.
     */
    public void export(Viewer viewer, Query query, java.util.function.Consumer<Export> before,
            java.util.function.Consumer<Row> each) {
        Scope scope = scope(viewer, query);
        if (scope.sources().isEmpty()) {
            before.accept(new Export(scope.sources(), 0, false));
            return;
        }
        String[] persons = programs.personsIn(scope.ids());
        PersonDirectory.Tally tally = directory.tally(persons, scope.criteria());
        before.accept(new Export(scope.sources(), tally.count(), tally.anyProtected()));
        directory.forEach(persons, scope.criteria(), EXPORT_BATCH, batch -> rows(scope, batch).forEach(each));
    }

    private List<Row> rows(Scope scope, List<PersonDirectory.Entry> entries) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        List<Row> rows = new ArrayList<>();
        for (PersonDirectory.Entry p : entries) {
            LocalDate born = p.birthDate();
            boolean hide = scope.may().withholdsWhereabouts(p.addressProtected(), p.personKey());
            String address = p.address() == null ? null
                    : p.addressDetail() == null ? p.address() : p.address() + " " + p.addressDetail();
            rows.add(new Row(p.personKey(), p.name(), p.kana(), born,
                    born == null ? null : JapaneseDates.warekiWithYear(born),
                    born == null || born.isAfter(today) ? null : JapaneseDates.age(born, today),
                    hide ? PersonOverview.HIDDEN : address, p.status(), p.supportMeasure(), p.addressProtected(),
                    new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
        }
        fillPrograms(scope.may(), scope.sources(), rows);
        return rows;
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
    private long total(List<String> sources, PersonDirectory.Criteria criteria, String[] persons) {
        String snapshots = programs.snapshots(sources);
        // the ages are counted from today: a count of yesterday's query is not today's
        String key = sources + "|" + criteria + "|" + LocalDate.now(ZoneId.of("Asia/Tokyo"));
        long now = System.nanoTime();
        String k = key;
        Count cached = counts.get(k);
        if (cached != null && cached.snapshots().equals(snapshots)) {
            if (now - cached.countedAt() >= countReuseNanos && recounting.add(k)) {
                // older than a minute: this page shows it, and the count is taken again behind it
                recounter.execute(() -> {
                    try {
                        counts.put(k, new Count(directory.count(persons, criteria), snapshots, System.nanoTime()));
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
            long total = directory.count(persons, criteria);
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

    /** Per row and source: each record's columns and its summary (several records: each on its own line). */
    private void fillPrograms(jp.tsunagu.access.ViewerAccess may, List<ProgramSource> sources, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, ProgramSource> byId = new LinkedHashMap<>();
        sources.forEach(s -> byId.put(s.id(), s));
        Map<String, Map<String, List<String>>> data = programs.currentData(byId.keySet(),
                rows.stream().map(Row::personKey).toList());
        for (Row row : rows) {
            data.getOrDefault(row.personKey(), Map.of()).forEach((sourceId, records) -> {
                ProgramSource s = byId.get(sourceId);
                boolean sensitive = may.seesSensitive(s.id(), s.department().id(), row.personKey());
                boolean hide = may.withholdsWhereabouts(row.addressProtected(), row.personKey());
                for (String record : records) {
                    List<TypedValue> columns = columns(s, record, sensitive, hide);
                    row.programColumns().computeIfAbsent(s.id(), k -> new ArrayList<>()).add(columns);
                    List<TypedValue> values = columns.stream().filter(v -> v.value() != null || v.display() != null)
                            .limit(3).toList();
                    row.programValues().computeIfAbsent(s.id(), k -> new ArrayList<>()).add(values);
                    String text = String.join(" / ", values.stream().map(v -> v.label() + ": " + v.display()).toList());
                    row.programs().merge(s.id(), text, (a, b) -> a + "\n" + b);
                }
            });
        }
    }

    /**
     * The fields a source contributes to the list, one export column each: all but a name, kana, phone
     * or address, which the person's own columns give.
     */
    public static List<ProgramSource.Field> columnFields(ProgramSource source) {
        return source.fields().stream().filter(f -> !f.name().matches("(?i).*(name|kana|phone|address).*")).toList();
    }

    /** A record's values of {@link #columnFields}, typed, withheld or masked per field; empty where it has none. */
    private List<TypedValue> columns(ProgramSource source, String data, boolean sensitive, boolean hideWhereabouts) {
        JsonNode values = json.readTree(data);
        List<TypedValue> parts = new ArrayList<>();
        for (ProgramSource.Field f : columnFields(source)) {
            if (!values.hasNonNull(f.name())) {
                parts.add(TypedValue.empty(f.name(), f.label()));
                continue;
            }
            String raw = values.get(f.name()).asString();
            parts.add(hideWhereabouts && f.revealsWhereabouts() ? TypedValue.withheld(f.name(), f.label(), PersonOverview.HIDDEN)
                    : f.sensitive() && !sensitive ? TypedValue.withheld(f.name(), f.label(), PersonOverview.MASKED)
                    : PersonOverview.typed(f, raw, JapaneseDates::wareki));
        }
        return parts;
    }
}
