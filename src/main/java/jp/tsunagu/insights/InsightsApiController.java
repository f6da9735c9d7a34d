package jp.tsunagu.insights;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The statistics as JSON ({@code /api/v1/insights}), behind API tokens and grants like every API: exact figures
 * only for a caller whose department (and token) may see every welfare program in detail, suppressed ones
 * (value {@code null}, display 「10未満」) otherwise. Every figure is a {@link TypedValue} beside its Japanese
 * display; months are ISO dates (the first of the month).
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "統計", description = "福祉の関わり (カバー率)・制度の重なり・推移・データの鮮度")
class InsightsApiController {

    static final String API_ERROR = "#/components/schemas/ApiError";

    @Schema(name = "InsightsCoverage", description = "切り口別の福祉の関わり")
    record CoverageJson(@Schema(description = "月 (その月の最後の集計時点)") TypedValue month,
            @Schema(description = "集計した時刻 (ISO 8601)", example = "2026-12-02T01:00:00+09:00") String asOf,
            @Schema(description = "小さい値を秘匿しているか") boolean suppressed,
            @Schema(description = "この人数未満を秘匿", example = "10") int threshold,
            @Schema(description = "切り口 (age, sex, town, household)") TypedValue by,
            List<CoverageRowJson> rows, CoverageRowJson total) {
    }

    @Schema(name = "InsightsCoverageRow", description = "切り口の 1 つの値: 住民、関わりあり、関わりなし、割合 (%)")
    record CoverageRowJson(@Schema(description = "切り口の値 (コードと名称)") TypedValue key, TypedValue residents,
            TypedValue covered, TypedValue notCovered, TypedValue rate) {
    }

    @Schema(name = "InsightsOverlaps", description = "制度の重なり")
    record OverlapsJson(TypedValue month, boolean suppressed, int threshold,
            @Schema(description = "福祉の制度とその人数") List<ProgramJson> programs,
            @Schema(description = "2制度の組合せの人数 (programs の順の行列、対角はその制度の人数)") List<List<TypedValue>> pairs,
            @Schema(description = "その組合せだけに関わる人数の多い順 (上位15)") List<CombinationJson> combinations,
            @Schema(description = "3つ以上の制度に関わる人数") TypedValue multi) {
    }

    @Schema(name = "InsightsProgram", description = "福祉の制度")
    record ProgramJson(@Schema(example = "jido-teate") String sourceId, @Schema(example = "児童手当") String name,
            @Schema(example = "こども支援課") String department, TypedValue persons) {
    }

    @Schema(name = "InsightsCombination", description = "制度の組合せ")
    record CombinationJson(@Schema(example = "[\"jido-teate\", \"kodomo-iryo\"]") List<String> sourceIds,
            TypedValue persons) {
    }

    @Schema(name = "InsightsTrendPoint", description = "1か月の値")
    record TrendJson(TypedValue month, TypedValue residents, TypedValue covered, TypedValue rate,
            @Schema(description = "制度ごとの人数・開始・終了") List<ProgramMonthJson> programs) {
    }

    @Schema(name = "InsightsProgramMonth", description = "1制度の1か月")
    record ProgramMonthJson(@Schema(example = "jido-teate") String sourceId, TypedValue persons, TypedValue added,
            TypedValue ended) {
    }

    @Schema(name = "InsightsFreshness", description = "連携元ごとの鮮度と品質")
    record FreshJson(@Schema(example = "jido-teate") String sourceId, @Schema(example = "児童手当") String name,
            boolean welfare, TypedValue snapshotAt, TypedValue records, TypedValue persons, TypedValue unindexed,
            TypedValue unindexedRate) {
    }

    @Schema(name = "InsightsHouseholds", description = "複数の課が関わる世帯 (閲覧者が全制度の詳細を見られる世帯だけ)")
    record HouseholdsJson(@Schema(example = "3") int departments, @Schema(example = "42") long all,
            @Schema(example = "12") long visible, int page, int pages, List<HouseholdJson> households) {
    }

    @Schema(name = "InsightsHousehold", description = "世帯と、制度に関わる世帯員")
    record HouseholdJson(@Schema(example = "0000012345") String householdKey, @Schema(example = "3") int departments,
            @Schema(example = "[\"児童扶養手当\", \"生活保護\", \"就学援助\"]") List<String> programs,
            List<MemberJson> members) {
    }

    @Schema(name = "InsightsMember", description = "世帯員")
    record MemberJson(@Schema(example = "0000123458") String personKey, List<TypedValue> items) {
    }

    private final Dashboard dashboard;
    private final MultiNeedHouseholds households;
    private final AccessPolicy access;

    InsightsApiController(Dashboard dashboard, MultiNeedHouseholds households, AccessPolicy access) {
        this.dashboard = dashboard;
        this.households = households;
        this.access = access;
    }

    @GetMapping(path = "/api/v1/insights/coverage", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "insightsCoverage", summary = "福祉の関わり (カバー率) を切り口別に取得する", description = """
            住民のうち福祉の制度 (設定で数えない制度を除く) のいずれかに関わる人の数と割合を、年齢階級・性別・町丁目・
            世帯類型のどれかの切り口で返します。month を省くと最新、過去の月はその月の最後の集計 (月末の時点) です。
            全福祉制度の詳細を閲覧できる所属でなければ、10人未満の値と、合計から逆算できる値が秘匿されます
            (value が null、display が「10未満」)。""",
            parameters = {
                @Parameter(name = "by", in = ParameterIn.QUERY, description = "切り口",
                        schema = @Schema(type = "string", allowableValues = {"age", "sex", "town", "household"}, defaultValue = "age")),
                @Parameter(name = "month", in = ParameterIn.QUERY, description = "月 (YYYY-MM)", example = "2026-11"),
                @Parameter(name = "age", in = ParameterIn.QUERY, description = "年齢階級で絞る: 0 (0〜9歳) … 9 (90歳以上)、-1 は不明", example = "7"),
                @Parameter(name = "sex", in = ParameterIn.QUERY, description = "性別で絞る (住民記録の表示: 男、女)", example = "女"),
                @Parameter(name = "town", in = ParameterIn.QUERY, description = "町丁目で絞る", example = "入間川一丁目"),
                @Parameter(name = "household", in = ParameterIn.QUERY, description = "世帯類型で絞る",
                        schema = @Schema(type = "string", allowableValues = {"single-elderly", "elderly-couple", "elderly-only",
                            "single-parent", "with-children", "single", "other", "none"}))},
            responses = {
                @ApiResponse(responseCode = "200", description = "切り口別の関わり",
                        content = @Content(schema = @Schema(implementation = CoverageJson.class))),
                @ApiResponse(responseCode = "400", description = "条件の誤り、まだ集計がない、その月の集計がない",
                        content = @Content(schema = @Schema(ref = API_ERROR)))})
    CoverageJson coverage(@RequestParam(required = false) String by, @RequestParam(required = false) String month,
            @RequestParam(required = false) Integer age, @RequestParam(required = false) String sex,
            @RequestParam(required = false) String town, @RequestParam(required = false) String household,
            Authentication user) {
        boolean suppress = suppress(user);
        Filter asked = InsightsRequest.filter(month, age, sex, town, household);
        Figures.Period period = dashboard.period(asked.month());
        Dimension d = Dimension.of(by);
        CoverageTable table = dashboard.coverage(asked.inMonth(period.month()), d, suppress);
        return new CoverageJson(month(period.month()), period.asOf().atZoneSameInstant(TokyoTime.ZONE).toOffsetDateTime().toString(),
                suppress, dashboard.threshold(), TypedValue.code("by", "切り口", d.param(), d.label),
                table.rows().stream().map(r -> row(d, r)).toList(), row(d, table.total()));
    }

    @GetMapping(path = "/api/v1/insights/overlaps", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "insightsOverlaps", summary = "制度の重なりを取得する", description = """
            福祉の制度ごとの人数、2制度の組合せの人数 (行列)、その組合せだけに関わる人数の多い組合せ、3制度以上に
            関わる人数を返します。絞り込みは coverage と同じです。秘匿の規則も同じです。連携元を限った API トークンには、
            その連携元の制度だけを返します。""",
            parameters = {
                @Parameter(name = "month", in = ParameterIn.QUERY, description = "月 (YYYY-MM)", example = "2026-11"),
                @Parameter(name = "age", in = ParameterIn.QUERY, description = "年齢階級", example = "7"),
                @Parameter(name = "sex", in = ParameterIn.QUERY, description = "性別", example = "女"),
                @Parameter(name = "town", in = ParameterIn.QUERY, description = "町丁目", example = "入間川一丁目"),
                @Parameter(name = "household", in = ParameterIn.QUERY, description = "世帯類型", example = "single-parent")},
            responses = {
                @ApiResponse(responseCode = "200", description = "制度の重なり",
                        content = @Content(schema = @Schema(implementation = OverlapsJson.class))),
                @ApiResponse(responseCode = "400", description = "条件の誤り", content = @Content(schema = @Schema(ref = API_ERROR)))})
    OverlapsJson overlaps(@RequestParam(required = false) String month, @RequestParam(required = false) Integer age,
            @RequestParam(required = false) String sex, @RequestParam(required = false) String town,
            @RequestParam(required = false) String household, Authentication user) {
        ViewerAccess sees = access.of(access.viewer(user.getName()));
        boolean suppress = !dashboard.exact(sees);
        Filter asked = InsightsRequest.filter(month, age, sex, town, household);
        Figures.Period period = dashboard.period(asked.month());
        Overlaps o = dashboard.overlaps(asked.inMonth(period.month()), suppress);
        // a token limited to some sources gets those programs' figures only (as every API scopes programs)
        List<Integer> named = new ArrayList<>();
        for (int i = 0; i < o.programs().size(); i++) {
            if (!sees.tokenExcludes(o.programs().get(i).sourceId())) {
                named.add(i);
            }
        }
        List<List<TypedValue>> pairs = new ArrayList<>();
        for (int i : named) {
            List<TypedValue> row = new ArrayList<>();
            for (int j : named) {
                row.add(number(o.programs().get(j).sourceId(), o.programs().get(i).name() + " × " + o.programs().get(j).name(),
                        o.pairs().get(i).get(j)));
            }
            pairs.add(row);
        }
        return new OverlapsJson(month(period.month()), suppress, dashboard.threshold(),
                named.stream().map(o.programs()::get).map(p -> new ProgramJson(p.sourceId(), p.name(), p.department(),
                        number("persons", "人数", p.persons()))).toList(),
                pairs, o.combinations().stream().filter(c -> c.sourceIds().stream().noneMatch(sees::tokenExcludes))
                        .map(c -> new CombinationJson(c.sourceIds(),
                        number("persons", String.join("＋", c.names()), c.persons()))).toList(),
                number("multi", "3制度以上", o.multi()));
    }

    @GetMapping(path = "/api/v1/insights/trends", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "insightsTrends", summary = "月ごとの推移を取得する", description = """
            最初の取込の月から、月ごと (その月の最後の集計) の住民・関わりのある住民・割合、制度ごとの人数と、その月に
            始まった・終わった関わりの数を返します。秘匿の規則は coverage と同じです。""",
            parameters = {
                @Parameter(name = "age", in = ParameterIn.QUERY, description = "年齢階級", example = "7"),
                @Parameter(name = "sex", in = ParameterIn.QUERY, description = "性別", example = "女"),
                @Parameter(name = "town", in = ParameterIn.QUERY, description = "町丁目", example = "入間川一丁目"),
                @Parameter(name = "household", in = ParameterIn.QUERY, description = "世帯類型", example = "single-parent")},
            responses = @ApiResponse(responseCode = "200", description = "月ごとの推移"))
    List<TrendJson> trends(@RequestParam(required = false) Integer age, @RequestParam(required = false) String sex,
            @RequestParam(required = false) String town, @RequestParam(required = false) String household,
            Authentication user) {
        ViewerAccess sees = access.of(access.viewer(user.getName()));
        boolean suppress = !dashboard.exact(sees);
        Filter asked = InsightsRequest.filter(null, age, sex, town, household);
        dashboard.period(null);
        Trends t = dashboard.view(asked, suppress).trends();
        List<TrendJson> months = new ArrayList<>();
        for (int i = 0; i < t.months().size(); i++) {
            int at = i;
            Shown rate = Shown.rate(t.covered().get(i), t.residents().get(i));
            months.add(new TrendJson(month(t.months().get(i)), number("residents", "住民", t.residents().get(i)),
                    number("covered", "関わりあり", t.covered().get(i)),
                    TypedValue.number("rate", "割合 (%)", t.percent().get(i) == null ? null : BigDecimal.valueOf(t.percent().get(i)),
                            rate.display()),
                    t.programs().stream().filter(s -> !sees.tokenExcludes(s.sourceId())).map(s -> new ProgramMonthJson(s.sourceId(), number("persons", s.name(), s.persons().get(at)),
                            number("added", "開始", s.added().get(at)), number("ended", "終了", s.ended().get(at)))).toList()));
        }
        return months;
    }

    @GetMapping(path = "/api/v1/insights/freshness", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "insightsFreshness", summary = "連携元ごとのデータの鮮度と品質を取得する", description = """
            連携元ごとに、最新の取込の時刻、件数、関わる人数、そのうち宛名 (住民記録・住登外) にない人の数と割合を返します。""",
            responses = @ApiResponse(responseCode = "200", description = "連携元ごとの鮮度と品質"))
    List<FreshJson> freshness(Authentication user) {
        ViewerAccess sees = access.of(access.viewer(user.getName()));
        dashboard.period(null);
        Dashboard.View view = dashboard.view(Filter.none(), true);
        return view.freshness().latest().stream().filter(f -> !sees.tokenExcludes(f.sourceId())).map(f -> new FreshJson(f.sourceId(), f.name(), f.welfare(),
                new TypedValue("snapshotAt", "最新の取込", f.snapshotAt() == null ? null : f.snapshotAt().toString(),
                        f.snapshotAt() == null ? "—" : TokyoTime.minutes(f.snapshotAt().toInstant()) + " (" + f.age() + ")"),
                number("records", "件数", Shown.of(f.records())), number("persons", "人数", Shown.of(f.persons())),
                number("unindexed", "宛名にない人", Shown.of(f.unindexed())),
                TypedValue.number("unindexedRate", "宛名にない人の割合 (%)", BigDecimal.valueOf(f.unindexedPercent()),
                        f.unindexedPercent() + "%"))).toList();
    }

    @PersonalData
    @GetMapping(path = "/api/v1/insights/households", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "insightsHouseholds", summary = "複数の課が関わる世帯を取得する", description = """
            設定した数 (既定 3) 以上の課の福祉の制度に関わる世帯を、課の多い順に 50 世帯ずつ返します。閲覧者の所属
            (と API トークン) がその世帯のすべての制度の詳細を閲覧できる世帯だけを返し、支援措置の対象者がいる世帯は
            許された所属にだけ返します。呼出しは名前を返した人とともにアクセス記録に残ります。""",
            parameters = @Parameter(name = "page", in = ParameterIn.QUERY, description = "ページ番号 (1 から)",
                    schema = @Schema(type = "integer", defaultValue = "1")),
            responses = {
                @ApiResponse(responseCode = "200", description = "世帯の一覧",
                        content = @Content(schema = @Schema(implementation = HouseholdsJson.class))),
                @ApiResponse(responseCode = "503", description = "アクセス記録を書けないため、データを返さなかった",
                        content = @Content(schema = @Schema(ref = API_ERROR)))})
    HouseholdsJson households(@RequestParam(defaultValue = "1") int page, Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        MultiNeedHouseholds.Page result = households.page(viewer, access.of(viewer), page, "api.insights.households");
        return new HouseholdsJson(result.departments(), result.all(), result.visible(), result.rows().number(),
                result.rows().pages(), result.rows().items().stream().map(h -> new HouseholdJson(h.householdKey(),
                        h.departments(), h.programs(), h.members().stream().map(m -> new MemberJson(m.personKey(), List.of(
                                TypedValue.text("name", "氏名", m.name()), TypedValue.text("kana", "カナ氏名", m.kana()),
                                TypedValue.date("birthDate", "生年月日", m.born(), m.birthDate())))).toList())).toList());
    }

    private boolean suppress(Authentication user) {
        return !dashboard.exact(access.of(access.viewer(user.getName())));
    }

    private static TypedValue month(LocalDate month) {
        return TypedValue.date("month", "月", month, month.getYear() + "年" + month.getMonthValue() + "月 ("
                + JapaneseDates.wareki(month).replaceFirst("\\d+月\\d+日$", "") + ")");
    }

    private static CoverageRowJson row(Dimension d, CoverageTable.Row r) {
        return new CoverageRowJson(r.key() == null ? TypedValue.code("key", d.label, null, "合計")
                : TypedValue.code("key", d.label, r.key(), r.label()),
                number("residents", "住民", r.residents()), number("covered", "関わりあり", r.covered()),
                number("notCovered", "関わりなし", r.notCovered()),
                TypedValue.number("rate", "割合 (%)", r.percent() == null ? null : BigDecimal.valueOf(r.percent()),
                        r.rate().display()));
    }

    private static TypedValue number(String name, String label, Shown s) {
        return TypedValue.number(name, label, s.value(), s.display());
    }
}
