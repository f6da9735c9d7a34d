package jp.tsunagu.insights;

import java.util.List;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import org.springframework.stereotype.Service;

/**
 * The insights module's API (統計) for the benchmark and the command line: refresh the figures now, whether
 * every import is in them, and the work of a dashboard or a month-by-month request as a viewer makes it — the
 * same figures, suppression and access check as the screen, without the HTML. Screens and the JSON API are
 * the module's own.
 */
@Service
public class Insights {

    /** A refresh: how long it took, and the residents and covered residents it counted now. */
    public record Refreshed(long millis, long residents, long covered) {
    }

    /** What one dashboard request counted: residents and covered residents ({@code null} when suppressed). */
    public record Summary(long residents, Long covered, int rows, boolean suppressed) {
    }

    private final InsightsRefresh refresh;
    private final Dashboard dashboard;
    private final Figures figures;
    private final AccessPolicy access;

    Insights(InsightsRefresh refresh, Dashboard dashboard, Figures figures, AccessPolicy access) {
        this.refresh = refresh;
        this.dashboard = dashboard;
        this.figures = figures;
        this.access = access;
    }

    /** Counts every figure again now, in the caller's thread, and says what it counted. */
    public Refreshed refresh() {
        long t0 = System.nanoTime();
        refresh.refreshNow();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Figures.Period now = figures.period(null).orElseThrow();
        return new Refreshed(millis, now.residents(), now.covered());
    }

    /** Whether every import so far is in the figures (nothing asked, nothing counting). */
    public boolean settled() {
        return refresh.settled();
    }

    /**
     * The dashboard as this staff member opens it (month {@code YYYY-MM} or latest, age band, 町丁目): every
     * figure, suppressed unless their department sees every welfare program in detail.
     */
    public Summary dashboard(String username, String month, Integer ageBand, String town) {
        Viewer viewer = access.viewer(username);
        boolean suppress = !dashboard.exact(access.of(viewer));
        Dashboard.View view = dashboard.view(InsightsRequest.filter(month, ageBand, null, town, null), suppress);
        int rows = view.coverage().values().stream().mapToInt(t -> t.rows().size()).sum()
                + view.overlaps().pairs().size() + view.map().size();
        return new Summary(view.overall().residents().value() == null ? -1 : view.overall().residents().value(),
                view.overall().covered().value(), rows, suppress);
    }

    /** The month-by-month figures (推移) as this staff member asks for them: residents per month. */
    public List<Long> monthly(String username, Integer ageBand, String town) {
        Viewer viewer = access.viewer(username);
        boolean suppress = !dashboard.exact(access.of(viewer));
        Trends trends = dashboard.view(InsightsRequest.filter(null, ageBand, null, town, null), suppress).trends();
        return trends.residents().stream().map(s -> s.value() == null ? -1L : s.value()).toList();
    }

    /** The 町丁目 the latest figures know, for requests filtered by town. */
    public List<String> towns() {
        return figures.coverage(Filter.none().inMonth(figures.period(null).orElseThrow().month()), Dimension.TOWN)
                .stream().map(Figures.Slice::key).toList();
    }
}
