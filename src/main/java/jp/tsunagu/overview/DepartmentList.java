package jp.tsunagu.overview;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.platform.ReadReplica;
import jp.tsunagu.platform.TokyoTime;
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
public class DepartmentList implements jp.tsunagu.platform.BackgroundWork {

    /**
     * What the department asked for.
     *
     * @param program a filter by one program's own value, or {@code null}
     */
    public record Query(List<String> sources, String status, Integer minAge, Integer maxAge, String town, String sort,
            int page, ProgramFilter program) {

        public Query(List<String> sources, String status, Integer minAge, Integer maxAge, String town, String sort,
                int page) {
            this(sources, status, minAge, maxAge, town, sort, page, null);
        }
    }

    /**
     * 制度の項目による絞り込み (a filter by a program's own value): a code field equal to a code, or a date
     * field from and to a day (either open).
     *
     * @param field {@code source-id:field-name}
     */
    public record ProgramFilter(String field, String code, LocalDate from, LocalDate to) {

        String sourceId() {
            return field.substring(0, field.indexOf(':'));
        }

        String fieldName() {
            return field.substring(field.indexOf(':') + 1);
        }
    }

    /** A field the list can be filtered by: a code or date field of a listed source the viewer may see unmasked. */
    public record FilterField(String key, String label, ProgramSource.Type type, Map<String, String> codes) {
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
            Map<String, List<List<TypedValue>>> programValues, Map<String, List<List<TypedValue>>> programColumns,
            Map<String, List<Expiry>> expiries) {
    }

    /**
     * 期限切れ・期限間近 (an expired or soon-expiring certification): a record's end-of-validity date
     * (a date field labelled 終了日 or 期限) before today, or within {@link #EXPIRING_DAYS} days.
     */
    public record Expiry(String label, LocalDate date, String display, boolean expired) {

        /** 「期限切れ」 or 「期限間近」 with the field and day. */
        public String text() {
            return (expired ? "期限切れ" : "期限間近") + " (" + label + " " + display + ")";
        }
    }

    /** How many days ahead an end of validity is flagged 期限間近. */
    public static final int EXPIRING_DAYS = 60;

    /** One row as the JSON gives it: the person's fields and each program's first fields, typed. */
    @Schema(name = "DepartmentPerson", description = "課の一覧の一人。fields は型付きの値 (氏名、カナ、生年月日、年齢、住所、状態)、"
            + "programs は連携元 ID ごとに、レコードごとの先頭の項目 (型付きの値)")
    public record Person(@Schema(example = "0000100002") String personKey, List<TypedValue> fields,
            boolean supportMeasure, boolean addressProtected, Map<String, List<List<TypedValue>>> programs,
            @Schema(description = "連携元 ID ごとの期限切れ・期限間近の表示") Map<String, List<String>> expiries) {

        static Person of(Row row) {
            List<TypedValue> fields = new ArrayList<>();
            fields.add(TypedValue.text("name", "氏名", row.name()));
            fields.add(TypedValue.text("kana", "カナ氏名", row.kana()));
            fields.add(PersonOverview.birthDate(row.born()));
            fields.add(TypedValue.number("age", "年齢", row.age(), row.age() == null ? null : row.age() + "歳"));
            fields.add(Withheld.addressField(row.address()));
            fields.add(TypedValue.text("status", "状態", row.status()));
            Map<String, List<String>> expiries = new LinkedHashMap<>();
            row.expiries().forEach((s, list) -> expiries.put(s, list.stream().map(Expiry::text).toList()));
            return new Person(row.personKey(), fields, row.supportMeasure(), row.addressProtected(), row.programValues(),
                    expiries);
        }
    }

    /**
     * The list's answer: the sources it lists and one page of rows, in the one paging type — the total
     * exact (the list counts every match, reused while its programs' snapshots stay the same, shown once more
     * while a new snapshot's is counted), or, while a list's first count takes longer than a page may wait,
     * "at least" the persons up to this page ({@link #counted()}), and the
     * cursors page numbers on the screen ({@link #list}), keyset cursors in the API ({@link #listFrom}).
     *
     * @param asked the page asked for: beyond the last, the last is shown and the screen says so
     */
    public record Page(List<ProgramSource> sources, PageSlice<Row> rows, int asked) {

        /** The same page with the rows in another form (the API's persons). */
        public <T> PageSlice<T> slice(List<T> items) {
            return new PageSlice<>(items, rows.total(), rows.number(), rows.size(), rows.next(), rows.previous());
        }

        /** How many persons match, over all pages. */
        public long total() {
            return rows.total().count();
        }

        /** Whether the total is counted (false: 集計中, the total is "at least"). */
        public boolean counted() {
            return rows.total().exact();
        }

        /** 「2,678人」, or 「51人以上」 while the list is being counted */
        public String totalDisplay() {
            return rows.total().display("人");
        }

        /** A number with thousands separators (ページ番号). */
        public static String grouped(long n) {
            return java.text.NumberFormat.getIntegerInstance(java.util.Locale.JAPAN).format(n);
        }
    }

    /**
     * The JSON answer of {@code /api/v1/department/persons}: a {@link PageSlice} — how many persons match,
     * this page's number, the number of the next and previous page ({@code null} at either end).
     */
    @Schema(name = "DepartmentPersons", description = "課の一覧の 1 ページ。total は該当する人数、page はこのページの番号、"
            + "next・previous は次・前のページの cursor (なければ null)。cursor で取得したページは、取込で前に人が加わっても"
            + "ずれない (同じ人を二度返さず、飛ばさない)")
    public record DepartmentPersons(List<String> sources,
            @Schema(description = "該当する人数。totalExact が false のときは「少なくとも」この人数 (人数を集計中)") long total,
            @Schema(description = "total が数え終わった人数か。false: 集計中で、total はこのページまでの人数 (次があれば +1)")
            boolean totalExact, int page, int pages, int pageSize,
            @Schema(description = "次のページの cursor。そのまま cursor に渡す。最後のページでは null", nullable = true) String next,
            @Schema(description = "前のページの cursor。最初のページでは null", nullable = true) String previous,
            List<Person> persons) {

        static DepartmentPersons of(List<String> sources, PageSlice<Person> slice) {
            return new DepartmentPersons(sources, slice.total().count(), slice.total().exact(), slice.number(),
                    slice.pages(), slice.size(), slice.next(), slice.previous(), slice.items());
        }
    }

    static final int PAGE_SIZE = 50;

    private final Programs programs;
    private final PersonDirectory directory;
    private final AccessPolicy access;
    private final JsonMapper json = JsonMapper.builder().build();

    private final ReadReplica replica;

    DepartmentList(Programs programs, PersonDirectory directory, AccessPolicy access, ReadReplica replica) {
        this.replica = replica;
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

    /**
     * One page (or, with {@code pageSize} ≤ 0, all rows). The viewer's grants are read on the primary,
     * the persons and their programs on the read replica when one is set.
     */
    public Page list(Viewer viewer, Query query, int pageSize) {
        Scope scope = scope(viewer, query);
        return replica.read(() -> list(scope, query, pageSize));
    }

    private Page list(Scope scope, Query query, int pageSize) {
        if (scope.sources().isEmpty()) {
            return new Page(scope.sources(), PageNumbers.of(1, Math.max(pageSize, 1), 0).slice(List.of()), query.page());
        }
        List<String> ids = scope.ids();
        PersonDirectory.Chosen persons = persons(scope, query);
        // the programs' snapshots the count and the first page's order are kept for, read once for both
        String snapshots = programs.snapshots(ids);
        java.util.OptionalLong counted = total(ids + "|" + query.program(), snapshots, scope.criteria(), persons,
                pageSize > 0);
        if (counted.isEmpty()) {
            // not counted yet: this page now, with "at least" the persons up to it (人数は集計中)
            int number = Math.max(1, query.page());
            List<Row> rows = rows(scope, page(scope, query, persons, snapshots, pageSize,
                    (long) (number - 1) * pageSize));
            return new Page(scope.sources(), uncounted(rows, number, pageSize, null, null), query.page());
        }
        long total = counted.getAsLong();
        // a page beyond the last (an old link, a typed number) shows the last, not an empty table
        PageNumbers numbers = PageNumbers.of(query.page(), Math.max(pageSize, 1), total);
        List<Row> rows = rows(scope, page(scope, query, persons, snapshots, pageSize,
                pageSize <= 0 ? 0 : numbers.offset()));
        return new Page(scope.sources(), numbers.slice(rows), query.page());
    }

    /**
     * One page for the API, whose next and previous are cursors ({@link DepartmentCursor}): with a
     * cursor, the rows after (or before) the row it names, so that a page stays the same while imports
     * add or end persons before it; without one, the page of this number (the first by default). The
     * total is counted as for the screen.
     */
    Page listFrom(Viewer viewer, Query query, int pageSize, String cursorText) {
        DepartmentCursor cursor = DepartmentCursor.decode(cursorText, query.sort());
        Scope scope = scope(viewer, query);
        return replica.read(() -> listFrom(scope, query, pageSize, cursor));
    }

    private Page listFrom(Scope scope, Query query, int pageSize, DepartmentCursor cursor) {
        if (scope.sources().isEmpty()) {
            return new Page(scope.sources(), PageNumbers.of(1, pageSize, 0).slice(List.of()), query.page());
        }
        List<String> ids = scope.ids();
        PersonDirectory.Chosen persons = persons(scope, query);
        String snapshots = programs.snapshots(ids);
        java.util.OptionalLong counted = total(ids + "|" + query.program(), snapshots, scope.criteria(), persons, true);
        if (counted.isEmpty() && cursor == null) {
            // not counted yet: the page of this number, with "at least" the persons up to it
            int number = Math.max(1, query.page());
            PersonDirectory.Keyed read = directory.keyed(page(scope, query, persons, snapshots, pageSize,
                    (long) (number - 1) * pageSize), scope.criteria());
            List<PersonDirectory.Entry> entries = read.entries();
            String next = entries.size() < pageSize ? null
                    : new DepartmentCursor(false, number + 1, query.sort(), read.sortKeys().get(entries.size() - 1),
                            entries.get(entries.size() - 1).personKey()).encode();
            String previous = number <= 1 || entries.isEmpty() ? null
                    : new DepartmentCursor(true, number - 1, query.sort(), read.sortKeys().get(0),
                            entries.get(0).personKey()).encode();
            return new Page(scope.sources(), uncounted(rows(scope, entries), number, pageSize, next, previous),
                    query.page());
        }
        PersonDirectory.Keyed keyed;
        int number;
        boolean hasNext;
        boolean hasPrevious;
        if (cursor == null) {
            PageNumbers numbers = PageNumbers.of(query.page(), pageSize, counted.getAsLong());
            keyed = directory.keyed(page(scope, query, persons, snapshots, pageSize, numbers.offset()),
                    scope.criteria());
            number = numbers.number();
            hasNext = numbers.number() < numbers.pages();
            hasPrevious = numbers.number() > 1;
        } else {
            // one row more than a page tells whether a page lies beyond it in the direction read
            PersonDirectory.Keyed read = directory.pageFrom(persons, scope.criteria(), pageSize + 1,
                    cursor.position());
            boolean beyond = read.entries().size() > pageSize;
            int from = beyond && cursor.backward() ? 1 : 0;
            int to = beyond && !cursor.backward() ? pageSize : read.entries().size();
            keyed = new PersonDirectory.Keyed(read.entries().subList(from, to), read.sortKeys().subList(from, to));
            number = cursor.page();
            hasNext = cursor.backward() || beyond;
            hasPrevious = cursor.backward() ? beyond : number > 1;
            // a previous page read backward from the first rows is the first page, whatever it was called
            if (cursor.backward() && !beyond) {
                number = 1;
            }
        }
        List<PersonDirectory.Entry> entries = keyed.entries();
        String next = !hasNext || entries.isEmpty() ? null
                : new DepartmentCursor(false, number + 1, query.sort(), keyed.sortKeys().get(entries.size() - 1),
                        entries.get(entries.size() - 1).personKey()).encode();
        String previous = !hasPrevious || entries.isEmpty() || number <= 1 ? null
                : new DepartmentCursor(true, number - 1, query.sort(), keyed.sortKeys().get(0),
                        entries.get(0).personKey()).encode();
        PageSlice<Row> slice = new PageSlice<>(rows(scope, entries), counted.isPresent()
                ? new PageSlice.Total(counted.getAsLong(), true, counted.getAsLong())
                : atLeast((long) (Math.max(1, number) - 1) * pageSize, entries.size(), pageSize),
                Math.max(1, number), pageSize, next, previous);
        return new Page(scope.sources(), slice, query.page());
    }

    /**
     * A page shown before its list was counted: the total is "at least" the persons up to the end of this page,
     * and one more when the page is full (「51人以上」), until the count comes.
     */
    private static PageSlice<Row> uncounted(List<Row> rows, int number, int pageSize, String next, String previous) {
        PageSlice.Total total = atLeast((long) (number - 1) * pageSize, rows.size(), pageSize);
        return new PageSlice<>(rows, total, number, pageSize,
                next != null || rows.size() < pageSize ? next : Integer.toString(number + 1),
                previous != null || number <= 1 ? previous : Integer.toString(number - 1));
    }

    private static PageSlice.Total atLeast(long before, int rows, int pageSize) {
        long bound = before + rows + (rows >= pageSize ? 1 : 0);
        return new PageSlice.Total(bound, false, bound);
    }

    /** The fields the list can be filtered by, over the sources it lists now. */
    public List<FilterField> filterFields(Viewer viewer, Query query) {
        Scope scope = scope(viewer, query);
        List<FilterField> fields = new ArrayList<>();
        for (ProgramSource s : scope.sources()) {
            boolean sensitive = scope.may().seesSensitive(s.id(), s.department().id(), null);
            for (ProgramSource.Field f : columnFields(s)) {
                if ((f.type() == ProgramSource.Type.CODE || f.type() == ProgramSource.Type.DATE)
                        && (!f.sensitive() || sensitive) && !f.revealsWhereabouts()) {
                    fields.add(new FilterField(s.id() + ":" + f.name(), s.name() + ": " + f.label(), f.type(),
                            f.codes() == null ? Map.of() : f.codes()));
                }
            }
        }
        return fields;
    }

    /**
     * The listed sources' persons, narrowed by the program filter. A field the viewer may not filter by
     * (not listed, masked for them, or not a code or date) is refused: a filter on a masked value would
     * tell it.
     */
    private PersonDirectory.Chosen persons(Scope scope, Query query) {
        PersonDirectory.Chosen persons = PersonDirectory.Chosen.involvedIn(scope.ids());
        ProgramFilter f = query.program();
        if (f == null) {
            return persons;
        }
        ProgramSource source = scope.sources().stream().filter(s -> s.id().equals(f.sourceId())).findFirst()
                .orElseThrow(() -> new DepartmentController.InvalidFilter("絞り込む項目の制度が一覧に選ばれていません"));
        ProgramSource.Field field = columnFields(source).stream().filter(x -> x.name().equals(f.fieldName()))
                .findFirst().orElseThrow(() -> new DepartmentController.InvalidFilter("絞り込む項目がありません: " + f.field()));
        if (field.revealsWhereabouts()
                || field.sensitive() && !scope.may().seesSensitive(source.id(), source.department().id(), null)) {
            throw new DepartmentController.InvalidFilter("この項目では絞り込めません: " + field.label());
        }
        if (field.type() == ProgramSource.Type.CODE) {
            if (f.code() == null || f.from() != null || f.to() != null) {
                throw new DepartmentController.InvalidFilter(field.label() + " はコードを選んで絞り込みます");
            }
            if (field.codes() != null && !field.codes().isEmpty() && !field.codes().containsKey(f.code())) {
                throw new DepartmentController.InvalidFilter(field.label() + " にコード " + f.code() + " はありません");
            }
        } else if (field.type() == ProgramSource.Type.DATE) {
            if (f.code() != null || f.from() == null && f.to() == null) {
                throw new DepartmentController.InvalidFilter(field.label() + " は日付の範囲 (から・まで) で絞り込みます");
            }
        } else {
            throw new DepartmentController.InvalidFilter("この項目では絞り込めません: " + field.label());
        }
        return persons.only(programs.personsWhere(source.id(), field.name(), f.code(), f.from(), f.to()));
    }

    /** An export about to be written: its sources and how many rows it has (counted now, not reused). */
    public record Export(List<ProgramSource> sources, long rows, boolean anyProtected) {
    }

    /** Rows an export reads at a time: the file is written as they come, never the whole list in memory. */
    static final int EXPORT_BATCH = 500;

    /**
     * The whole list for an export: {@code before} is told the sources and the count first (to record the
     * export before any row leaves), then {@code each} gets the rows in the list's order, a batch at a time (resident gives the ordered keys,
     * then each batch's persons; no cursor of resident's stays open while programs and access are asked).
     */
    public void export(Viewer viewer, Query query, java.util.function.Consumer<Export> before,
            java.util.function.Consumer<Row> each) {
        Scope scope = scope(viewer, query);
        if (scope.sources().isEmpty()) {
            before.accept(new Export(scope.sources(), 0, false));
            return;
        }
        PersonDirectory.Chosen persons = persons(scope, query);
        PersonDirectory.Tally tally = directory.tally(persons, scope.criteria());
        before.accept(new Export(scope.sources(), tally.count(), tally.anyProtected()));
        // resident orders the keys; each batch is then read and composed with no cursor of resident's open
        String[] ordered = directory.orderedKeys(persons, scope.criteria());
        for (int from = 0; from < ordered.length; from += EXPORT_BATCH) {
            String[] batch = java.util.Arrays.copyOfRange(ordered, from, Math.min(ordered.length, from + EXPORT_BATCH));
            rows(scope, directory.entries(batch)).forEach(each);
        }
    }

    private List<Row> rows(Scope scope, List<PersonDirectory.Entry> entries) {
        LocalDate today = LocalDate.now(TokyoTime.ZONE);
        List<Row> rows = new ArrayList<>();
        for (PersonDirectory.Entry p : entries) {
            LocalDate born = p.birthDate();
            boolean hide = scope.may().withholdsWhereabouts(p.addressProtected(), p.personKey());
            String address = p.address() == null ? null
                    : p.addressDetail() == null ? p.address() : p.address() + " " + p.addressDetail();
            rows.add(new Row(p.personKey(), p.name(), p.kana(), born,
                    born == null ? null : JapaneseDates.warekiWithYear(born),
                    born == null || born.isAfter(today) ? null : JapaneseDates.age(born, today),
                    Withheld.whereabouts(hide, address), p.status(), p.supportMeasure(), p.addressProtected(),
                    new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
        }
        fillPrograms(scope.may(), scope.sources(), rows);
        return rows;
    }

    /** The order of a list's first page as read lately: its persons' keys, the snapshots it was read on, and when. */
    private record FirstPage(String[] keys, String snapshots, long readAt) {
    }

    /** First pages kept at most (a city's departments times the lists their staff open by default). */
    static final int FIRST_PAGES_KEPT = 500;

    private final Map<String, FirstPage> firstPages = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One page of the list's persons. A first page in the order of kana or of birth, without a town, reuses the
     * order read for the same list while the listed programs' snapshots are the same, for at most a minute (as
     * the count, {@link #total}): its persons are read again by their keys, so that every value shown, and what
     * is withheld of a 支援措置 person, is current. Only the order, and who is on the page, may be up to a minute
     * behind a change of the person index (a master import): the first page of a small program's department
     * (学務課: 1 person in 80 of the city) is read by walking the kana index past thousands of others, 100 ms
     * and more, and every member of the department opens it. A list by address, or of a town, is always read
     * anew: a person just protected must not keep a place among their neighbours.
     */
    private List<PersonDirectory.Entry> page(Scope scope, Query query, PersonDirectory.Chosen persons,
            String snapshots, int pageSize, long offset) {
        PersonDirectory.Criteria criteria = scope.criteria();
        if (pageSize <= 0 || offset != 0 || criteria.town() != null || "address".equals(criteria.sort())) {
            return directory.page(persons, criteria, pageSize, offset);
        }
        String key = scope.ids() + "|" + query.program() + "|" + criteria + "|" + pageSize + "|"
                + LocalDate.now(TokyoTime.ZONE);
        long now = System.nanoTime();
        FirstPage kept = firstPages.get(key);
        if (kept != null && kept.snapshots().equals(snapshots) && now - kept.readAt() < countReuseNanos) {
            return directory.entries(kept.keys());
        }
        List<PersonDirectory.Entry> read = directory.page(persons, criteria, pageSize, offset);
        if (firstPages.size() >= FIRST_PAGES_KEPT) {
            firstPages.clear();
        }
        firstPages.put(key, new FirstPage(read.stream().map(PersonDirectory.Entry::personKey).toArray(String[]::new),
                snapshots, now));
        return read;
    }

    /** A counted list: its count, the snapshots it was counted on, and when. */
    private record Count(long total, String snapshots, long countedAt) {
    }

    /** How long a count is reused while the snapshots stay the same (the person index follows a master import by seconds). */
    static final long COUNT_REUSE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    /** {@link #COUNT_REUSE_NANOS}, shorter in tests. */
    long countReuseNanos = COUNT_REUSE_NANOS;

    /**
     * How long a page waits for its list's first count before it is shown without it (「51人以上」, 集計中): the
     * count goes on, and the next page shows it. Pages that come while it is under way wait only as long as
     * the first one still does.
     */
    static final long FIRST_COUNT_WAIT_MILLIS = 2_000;

    /** {@link #FIRST_COUNT_WAIT_MILLIS}, other in tests. */
    long firstCountWaitMillis = FIRST_COUNT_WAIT_MILLIS;

    /** Runs before each first count (tests hold a count here). */
    volatile Runnable beforeFirstCount = () -> { };

    private final Map<String, Count> counts = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> recounting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When the pages waiting for each first count under way stop waiting (the first page's wait). */
    private final Map<String, Long> countDeadlines = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CompletableFuture<Long>> counting =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Takes first counts, for the pages that wait for them (at staff's priority: someone waits), so that a
     * page can stop waiting while the count goes on.
     */
    private final java.util.concurrent.ExecutorService counter = java.util.concurrent.Executors.newFixedThreadPool(2,
            r -> {
                Thread t = new Thread(r, "department-count");
                t.setDaemon(true);
                return t;
            });
    /** Takes counts again in the background, one at a time. */
    private final java.util.concurrent.ExecutorService recounter = java.util.concurrent.Executors.newSingleThreadExecutor(
            jp.tsunagu.platform.BackgroundPriority.threads("department-recount", true));

    /**
     * The number of persons in the list. Counting a large program's persons (介護保険: a quarter of a
     * large city) is most of a page's cost, and the count only changes with an import, so it is
     * reused for the same query while the listed programs' current snapshots are the same, for at
     * most a minute (a master import changes the person index, and with it the filters' results,
     * without changing the programs): a count older than that, or of an earlier snapshot, is shown once
     * more while it is taken again in the background, so that no page waits for a recount. A list never
     * counted waits {@link #firstCountWaitMillis} at most for its count; empty: shown without it.
     */
    private java.util.OptionalLong total(String asked, String snapshots, PersonDirectory.Criteria criteria,
            PersonDirectory.Chosen persons, boolean mayWait) {
        // the ages are counted from today: a count of yesterday's query is not today's
        String key = asked + "|" + criteria + "|" + LocalDate.now(TokyoTime.ZONE);
        long now = System.nanoTime();
        String k = key;
        Count cached = counts.get(k);
        if (cached != null) {
            boolean changed = !cached.snapshots().equals(snapshots);
            if ((changed || now - cached.countedAt() >= countReuseNanos) && recounting.add(k)) {
                // older than a minute, or its programs were imported since: this page shows it, and the
                // count is taken again behind it (staff opening the list after a night's imports all at
                // once do not each wait for a count of a quarter of the city)
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
            return java.util.OptionalLong.of(cached.total());
        }
        // staff of one department opening the list together wait for one count, not one each; a page waits
        // for it a moment (most lists are counted by then) and is shown without it after that
        String flight = k + "@" + snapshots;
        java.util.concurrent.CompletableFuture<Long> mine = new java.util.concurrent.CompletableFuture<>();
        countDeadlines.putIfAbsent(flight, now + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(firstCountWaitMillis));
        java.util.concurrent.CompletableFuture<Long> running = counting.putIfAbsent(flight, mine);
        if (running == null) {
            running = mine;
            try {
                counter.execute(() -> {
                    try {
                        beforeFirstCount.run();
                        long total = directory.count(persons, criteria);
                        if (counts.size() > 1_000) {
                            counts.clear();
                        }
                        counts.put(k, new Count(total, snapshots, System.nanoTime()));
                        mine.complete(total);
                    } catch (RuntimeException e) {
                        mine.completeExceptionally(e);
                    } finally {
                        counting.remove(flight);
                        countDeadlines.remove(flight);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                counting.remove(flight);
                countDeadlines.remove(flight);
                throw e;
            }
        }
        try {
            // a page that comes while a count is under way waits only until the first one stops waiting:
            // staff opening a large list one after another do not each wait the whole time
            long deadline = countDeadlines.getOrDefault(flight,
                    now + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(firstCountWaitMillis));
            return java.util.OptionalLong.of(mayWait
                    ? running.get(Math.max(0, deadline - now), java.util.concurrent.TimeUnit.NANOSECONDS)
                    : running.get());
        } catch (java.util.concurrent.TimeoutException e) {
            return java.util.OptionalLong.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("人数の集計が中断されました", e);
        }
    }

    /** Whether a count is under way or waiting to be taken, first or again (tests wait for none before they hold the lock). */
    boolean countsUnderWay() {
        return !recounting.isEmpty() || !counting.isEmpty();
    }

    /** A stop of the application interrupts a recount under way (its statement is cancelled by the stop). */
    @Override
    public void cancel() {
        recounter.shutdownNow();
        counter.shutdownNow();
    }

    @Override
    public boolean awaitEnded(java.time.Duration timeout) throws InterruptedException {
        return jp.tsunagu.platform.BackgroundWork.of(recounter).awaitEnded(timeout)
                && jp.tsunagu.platform.BackgroundWork.of(counter).awaitEnded(timeout);
    }

    @jakarta.annotation.PreDestroy
    void stopRecounting() {
        recounter.shutdownNow();
        counter.shutdownNow();
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
                    expiries(s, columns).forEach(e -> row.expiries().computeIfAbsent(s.id(), k -> new ArrayList<>()).add(e));
                }
            });
        }
    }

    /**
     * A record's ends of validity that are past or near. Only a date the viewer sees: a masked or
     * withheld one has no value, and flagging it would tell it.
     */
    private static List<Expiry> expiries(ProgramSource source, List<TypedValue> columns) {
        LocalDate today = LocalDate.now(TokyoTime.ZONE);
        List<Expiry> found = new ArrayList<>();
        for (TypedValue v : columns) {
            if (v.value() instanceof LocalDate end && isEndOfValidity(v.label(), v.name())
                    && !end.isAfter(today.plusDays(EXPIRING_DAYS))) {
                found.add(new Expiry(v.label(), end, v.display(), end.isBefore(today)));
            }
        }
        return found;
    }

    /** 有効期間終了日, 有効期限, 支給終了日 …: the date a certification or benefit ends. */
    static boolean isEndOfValidity(String label, String name) {
        return label.matches(".*(終了日|期限|満了日).*") || name.matches("(?i).*(valid_until|valid_to|expir|_until).*");
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
            parts.add(hideWhereabouts && f.revealsWhereabouts() ? Withheld.whereaboutsField(f.name(), f.label())
                    : f.sensitive() && !sensitive ? Withheld.sensitiveField(f.name(), f.label())
                    : PersonOverview.typed(f, raw, JapaneseDates::wareki));
        }
        return parts;
    }
}
