package jp.tsunagu.procedures;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The life events and procedures for other systems (連携 API): the feed of life events by cursor and one
 * person's checklist, behind API tokens and grants like every personal-data route, each call audited.
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "ライフイベント・手続き", description = "ライフイベントの配信と、一人の人の手続き")
class ProceduresApiController {

    private static final String API_ERROR = "#/components/schemas/ApiError";

    private final Procedures procedures;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final ResidentIndex residents;
    private final Departments departments;

    ProceduresApiController(Procedures procedures, AccessPolicy access, AuditTrail audit, ResidentIndex residents,
            Departments departments) {
        this.procedures = procedures;
        this.access = access;
        this.audit = audit;
        this.residents = residents;
        this.departments = departments;
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping(path = "/api/v1/life-events", produces = "application/json")
    @Operation(operationId = "lifeEvents", summary = "ライフイベントを番号順に取得する", description = """
            記録されたライフイベント (出生・転入・死亡・65歳到達など) を、番号 (cursor) の順に最大 1,000 件返します。
            応答の `next` を次の呼出しの `since` に渡すと続きを取れます。番号は記録の確定 (コミット) の順に振られるため、
            取込の最中に呼んでも、あとから小さい番号の出来事が現れることはなく、抜けも重複もありません。
            閲覧者 (API トークン) の所属が、出来事を検出した連携元 (住民記録など) の詳細を閲覧できる出来事だけを返します。
            値は型付き (`occurredOn` は ISO 8601 の日付、`kind`・`origin` は `{"code", "label"}`)。
            呼出しはアクセス記録に残ります。記録を書けないときは 503 を返し、データを返しません。""",
            parameters = {
                @Parameter(name = "since", in = ParameterIn.QUERY, description = "この番号より後の出来事を返す。省略すると最初から",
                        schema = @Schema(type = "string", example = "0")),
                @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 ページの件数 (1〜1000、既定 1000)",
                        schema = @Schema(type = "integer", example = "1000"))},
            responses = {
                @ApiResponse(responseCode = "200", description = "ライフイベントの1ページ",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ProceduresDocuments.Page.class))),
                @ApiResponse(responseCode = "400", description = "since が番号でない、または limit が範囲外",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "401", description = "API トークンがない、または無効・失効している。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "403", description = "このトークンでは使えないパス。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "503", description = "アクセス記録を書けないため、データを返さなかった。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR)))})
    ResponseEntity<?> lifeEvents(@RequestParam(required = false) String since,
            @RequestParam(defaultValue = "1000") int limit, Authentication user) {
        long cursor;
        try {
            cursor = since == null || since.isBlank() ? 0 : Long.parseLong(since.strip());
        } catch (NumberFormatException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "since は前の応答の next (番号) です: " + since));
        }
        if (cursor < 0 || limit < 1 || limit > LifeEventFeed.MAX_PAGE) {
            return ResponseEntity.badRequest().body(Map.of("error", "since は 0 以上、limit は 1〜1000 です"));
        }
        Viewer viewer = access.viewer(user.getName());
        Procedures.FeedPage page = procedures.feed(viewer, cursor, limit);
        List<ProceduresDocuments.Event> shown = page.events().stream().map(ProceduresDocuments.Event::of).toList();
        String next = Long.toString(page.next());
        audit.record(AuditEvent.of(viewer.username(), AuditAction.SEARCH, Map.of("feed", "life-events",
                "since", Long.toString(cursor), "next", next, "count", Integer.toString(shown.size()))));
        return ResponseEntity.ok(new ProceduresDocuments.Page(shown, next, page.more()));
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping(path = "/api/v1/persons/{personKey}/procedures", produces = "application/json")
    @Operation(operationId = "personProcedures", summary = "一人の人のライフイベントと手続きを取得する", description = """
            画面のチェックリストと同じく、その人のライフイベント (新しい順) と手続き (未完了が先、期限順) を返します。
            手続きの詳細 (手続き名・状況・期限・窓口・持ち物) は、その制度の連携元の詳細を閲覧できる所属 (既定では担当課) にだけ返し、
            それ以外の所属には制度と担当課・連絡先だけを返します (`detail: false`)。閲覧できない制度の手続きは返しません。
            値は型付き (日付は ISO 8601、コードは `{"code", "label"}`)。呼出しはアクセス記録に残ります。""",
            parameters = @Parameter(name = "personKey", in = ParameterIn.PATH, required = true,
                    description = "宛名番号 (10 桁、0 埋め)", example = "0000100002"),
            responses = {
                @ApiResponse(responseCode = "200", description = "その人のライフイベントと手続き",
                        content = @Content(mediaType = "application/json",
                                schema = @Schema(implementation = ProceduresDocuments.Person.class))),
                @ApiResponse(responseCode = "401", description = "API トークンがない、または無効・失効している。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "403", description = "このトークンでは使えないパス。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "404", description = "この宛名番号の人はいない",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "503", description = "アクセス記録を書けないため、データを返さなかった。",
                        content = @Content(mediaType = "application/json", schema = @Schema(ref = API_ERROR)))})
    ResponseEntity<?> person(@PathVariable String personKey, Authentication user) {
        Person person = residents.find(personKey).orElse(null);
        if (person == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "宛名番号 " + personKey + " の人は見つかりません"));
        }
        Viewer viewer = access.viewer(user.getName());
        Procedures.PersonProcedures shown = procedures.of(personKey, viewer);
        Map<String, Departments.Named> named = departments.all();
        List<ProceduresDocuments.Item> items = new ArrayList<>();
        shown.open().forEach(v -> items.add(ProceduresDocuments.Item.of(v,
                Departments.of(named, v.item().departmentId()).contact())));
        shown.closed().forEach(v -> items.add(ProceduresDocuments.Item.of(v,
                Departments.of(named, v.item().departmentId()).contact())));
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, personKey, Map.of("section", "procedures",
                "items", Integer.toString(items.size()),
                "itemsInDetail", Long.toString(items.stream().filter(ProceduresDocuments.Item::detail).count())),
                person.addressProtected()));
        return ResponseEntity.ok(new ProceduresDocuments.Person(personKey,
                shown.events().stream().map(ProceduresDocuments.Event::of).toList(), items));
    }
}
