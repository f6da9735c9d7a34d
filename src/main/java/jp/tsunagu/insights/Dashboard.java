package jp.tsunagu.insights;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.stereotype.Service;

/**
 * The figures one viewer sees (統計ダッシュボードの中身): coverage overall and by every dimension, overlaps,
 * trends, freshness and the town map, for the month and filters asked. Exact figures go only to a viewer
 * whose department holds the detail grant of every welfare program they count; anyone else — and every
 * file meant to leave the department — gets them with small cells suppressed.
 */
@Service
class Dashboard {

    /** Everything the dashboard shows. */
    record View(Figures.Period period, List<Figures.Period> periods, Filter filter, boolean protectedFigures,
            int threshold, CoverageTable.Row overall, Map<Dimension, CoverageTable> coverage, Overlaps overlaps,
            Trends trends, Freshness freshness, List<MapPoint> map) {
    }

    /** A town on the map: its point and its coverage (rate {@code null} when suppressed). */
    record MapPoint(String town, double lat, double lng, Shown residents, Shown covered, Double percent) {
    }

    private final Figures figures;
    private final InsightsProperties properties;
    private final TownPoints towns;
    private final TokyoTime time;

    private final jp.tsunagu.procedures.LifeEventCounts lifeEvents;

    /** Every figure is read on the read replica when one is set (統計 may be a little behind). */
    private final jp.tsunagu.platform.ReadReplica replica;

    Dashboard(Figures figures, InsightsProperties properties, TownPoints towns, TokyoTime time,
            jp.tsunagu.procedures.LifeEventCounts lifeEvents, jp.tsunagu.platform.ReadReplica replica) {
        this.replica = replica;
        this.lifeEvents = lifeEvents;
        this.figures = figures;
        this.properties = properties;
        this.towns = towns;
        this.time = time;
    }

    int threshold() {
        return properties.smallCell();
    }

    /**
     * Whether this viewer may see exact figures: the detail grant (or ownership) of every welfare program
     * the figures count. An API token limited to some sources never does.
     */
    boolean exact(ViewerAccess sees) {
        List<Figures.Source> welfare = figures.sources().stream().filter(Figures.Source::welfare).toList();
        return !welfare.isEmpty() && welfare.stream()
                .allMatch(s -> sees.level(s.id(), s.departmentId(), null) == GrantLevel.DETAIL);
    }

    /** Whether nothing has been counted yet (no import, or the first refresh still running). */
    boolean empty() {
        return replica.read(() -> figures.period(null).isEmpty());
    }

    /** The month asked for (latest without one); an unknown month is the viewer's error, said in Japanese. */
    Figures.Period period(LocalDate month) {
        return replica.read(() -> figures.period(month)).orElseThrow(() -> new InsightsInputException(month == null
                ? "統計はまだ集計されていません。取込のあとに集計されます。"
                : month.getYear() + "年" + month.getMonthValue() + "月の統計はありません (集計は最初の取込の月からです)。"));
    }

    View view(Filter asked, boolean suppress) {
        return replica.read(() -> read(asked, suppress));
    }

    private View read(Filter asked, boolean suppress) {
        Figures.Period period = period(asked.month());
        Filter filter = asked.inMonth(period.month());
        Map<Dimension, CoverageTable> coverage = new java.util.EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            coverage.put(d, coverage(filter, d, suppress));
        }
        CoverageTable.Row overall = coverage.get(Dimension.AGE_BAND).total();
        Overlaps overlaps = Overlaps.of(figures.masks(filter), figures.sources(), suppress, threshold());
        Trends trends = Trends.of(figures.masksByMonth(new Filter(null, filter.ageBand(), filter.sex(), filter.town(),
                filter.householdType())), figures.flows(), figures.sources(), lifeEventsByMonth(), suppress, threshold());
        Freshness freshness = Freshness.of(figures.freshness(), figures.sources(), time.now().toOffsetDateTime());
        return new View(period, figures.periods(), filter, suppress, threshold(), overall, coverage, overlaps, trends,
                freshness, map(coverage.get(Dimension.TOWN)));
    }

    /** The life events per month: the counts procedures keeps current as it records them (a few hundred rows). */
    private List<jp.tsunagu.procedures.LifeEventCounts.Month> lifeEventsByMonth() {
        return lifeEvents.byMonth();
    }

    /**
     * Makes the dashboard ready after a refresh (表示の準備): reads the latest month's cube, sums the filters
     * that take a pass over all of it (the whole city, each age band) and builds the whole city's view once,
     * so that the first staff members to open the dashboard do not wait for what the refresh already knows.
     * Says the cube's rows.
     */
    int prepare() {
        if (empty()) {
            return 0;
        }
        int rows = replica.read(figures::prepare);
        view(Filter.none(), true);
        view(Filter.none(), false);
        return rows;
    }

    CoverageTable coverage(Filter filter, Dimension by, boolean suppress) {
        return CoverageTable.of(by, replica.read(() -> figures.coverage(filter, by)), key -> label(by, key), suppress, threshold());
    }

    Overlaps overlaps(Filter filter, boolean suppress) {
        return replica.read(() -> Overlaps.of(figures.masks(filter), figures.sources(), suppress, threshold()));
    }

    /** The label of one value of a dimension (年齢階級 0 → 0〜9歳, 世帯類型 single-elderly → 単身高齢 …; 性別 is the registry's label already). */
    static String label(Dimension by, String key) {
        return switch (by) {
            case AGE_BAND -> Dimension.ageBandLabel(Integer.parseInt(key));
            case SEX -> key.isEmpty() ? "不明" : key;
            case HOUSEHOLD -> Dimension.HOUSEHOLD_TYPES.getOrDefault(key, key);
            case TOWN -> key;
        };
    }

    private List<MapPoint> map(CoverageTable byTown) {
        List<MapPoint> points = new ArrayList<>();
        for (CoverageTable.Row r : byTown.rows()) {
            towns.of(r.key()).ifPresent(p -> points.add(new MapPoint(r.key(), p.lat(), p.lng(), r.residents(),
                    r.covered(), r.percent())));
        }
        return points;
    }
}
