package jp.tsunagu.overview;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /persons/{personKey}}: one person on one screen, now or as of a past day
 * ({@code ?asOf=2025-04-01}, also 和暦 such as {@code R7.4.1}).
 */
@Controller
@ConditionalOnWebApplication
@Tag(name = "横断照会", description = "一人の人の、制度をまたいだ関わり")
class PersonController {

    static final String API_ERROR = "#/components/schemas/ApiError";

    private final PersonOverview overview;
    private final AccessPolicy access;
    private final StaffAccounts staff;
    private final jp.tsunagu.procedures.Procedures procedures;

    PersonController(PersonOverview overview, AccessPolicy access, StaffAccounts staff,
            jp.tsunagu.procedures.Procedures procedures) {
        this.overview = overview;
        this.access = access;
        this.staff = staff;
        this.procedures = procedures;
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/persons/{personKey}")
    String person(@PathVariable String personKey, @RequestParam(required = false) String asOf, Authentication user,
            Model model, HttpServletResponse response) {
        AsOf day;
        try {
            day = asOf(asOf);
        } catch (IllegalArgumentException e) {
            // no personal data on this answer: the clerk corrects the date or goes back to the current view
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("personKey", personKey);
            model.addAttribute("asOfText", asOf);
            model.addAttribute("message", e.getMessage());
            return "overview/asof-invalid";
        }
        Viewer viewer = access.viewer(user.getName());
        PersonOverview.View view = overview.view(personKey, viewer, day)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("view", view);
        // the open procedures and life events (procedures' panel); the overview's audit row covers this read
        model.addAttribute("procedures", day == null ? procedures.of(personKey, viewer) : null);
        model.addAttribute("viewerLabel", viewerLabel(viewer));
        // the printed page's time is the server's, in Japan time (never the browser's clock)
        model.addAttribute("shownAt", jp.tsunagu.platform.TokyoTime.minutes(java.time.Instant.now()));
        return "overview/person";
    }

    /** The same overview as JSON, for the one-stop counter system and others. */
    @jp.tsunagu.platform.PersonalData
    @GetMapping(path = "/api/v1/persons/{personKey}/overview", produces = "application/json")
    @ResponseBody
    @Operation(operationId = "personOverview", summary = "一人の人の横断照会を取得する", description = """
            画面の横断照会と同じ内容 (基本情報、世帯、制度ごとのカード、最近の変更) を返します。
            閲覧者の所属に詳細の閲覧が許されていない制度は、項目を含めず「関わりあり」と所管課・連絡先だけを返します。
            支援措置の対象者の住所・世帯は、許された所属でなければ「（支援措置のため非表示）」に置き換えます。

            値はすべて `{"name", "label", "value", "display"}` の形で返します。`value` は型どおりの値
            (日付は ISO 8601 の `"2019-05-01"`、日時は `"2026-04-01T02:00:00+09:00"`、数値は数値、
            コードは `{"code": "3", "label": "要介護1"}`、文字列)、`display` は画面と同じ日本語の表示
            (`"令和元年5月1日 (2019)"`) です。非表示・マスクした項目は `value` が null で、`display` に理由が入ります。

            `asOf` を指定すると過去の時点の表示になります: 連携元ごとに、その日の終わり (日本時間) に最新だった取込と、
            その取込の時点で有効だったレコードを返します。その日までに一度も取り込まれていない連携元は
            `notYetImported` に名前を挙げます。氏名・住所・世帯は現在の住民記録の値です。

            呼出しはアクセス記録に残ります (表示した範囲と asOf)。記録を書けないときは 503 を返し、データを返しません。""",
            parameters = {
                @Parameter(name = "personKey", in = ParameterIn.PATH, required = true,
                        description = "宛名番号 (10 桁、0 埋め)", example = "0000100002"),
                @Parameter(name = "asOf", in = ParameterIn.QUERY, required = false,
                        description = "この日の終わり (日本時間) の時点で表示する。省略すると現在。"
                                + "西暦 2025-04-01・2025/4/1・20250401、和暦 令和7年4月1日、元号略字 R7.4.1、"
                                + "7桁の元号コード 5070401 が使えます。未来の日付は 400。",
                        schema = @Schema(type = "string", example = "2025-04-01"))},
            responses = {
                @ApiResponse(responseCode = "200", description = "横断照会 (閲覧者のアクセス範囲を適用済み)",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = OverviewDocument.class))),
                @ApiResponse(responseCode = "400", description = "asOf が日付として読めない、または未来の日付",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "401", description = "API トークンがない、または無効・失効している。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "403", description = "このトークンでは使えないパス。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "404", description = "この宛名番号の人はいない",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "503", description = "アクセス記録を書けないため、データを返さなかった。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR)))})
    ResponseEntity<?> api(@PathVariable String personKey, @RequestParam(required = false) String asOf,
            Authentication user) {
        AsOf day;
        try {
            day = asOf(asOf);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        return overview.view(personKey, access.viewer(user.getName()), day)
                .<ResponseEntity<?>>map(view -> ResponseEntity.ok(OverviewDocument.of(view)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "宛名番号 " + personKey + " の人は見つかりません")));
    }

    /** The typed day, or {@code null} (the current view) when nothing was typed. */
    private static AsOf asOf(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return AsOf.parse(text, LocalDate.now(TokyoTime.ZONE));
    }

    /** Who is looking, for the printed page: 介護 花子 (kaigo・介護保険課). */
    private String viewerLabel(Viewer viewer) {
        String name = staff.displayName(viewer.username()).orElse(viewer.username());
        String department = viewer.departmentId() == null ? null
                : staff.department(viewer.departmentId()).map(d -> d.name()).orElse(viewer.departmentId());
        return name + " (" + viewer.username() + (department == null ? "" : "・" + department) + ")";
    }
}
