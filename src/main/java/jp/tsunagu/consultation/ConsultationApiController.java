package jp.tsunagu.consultation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/consultations}: records, their entries (referrals, answers, confirmations …) and the hand-over
 * board for other systems, behind API tokens and the same access rules and audit as the screens. A token limited
 * to sources sees a category only when it names its grant ID ({@code consultation-child-abuse}).
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "相談・通報", description = "相談・通報の記録、つなぎ、引継ぎボード")
class ConsultationApiController {

    static final String ERROR = "#/components/schemas/ApiError";

    /** A new record as the API takes it. */
    @Schema(name = "NewConsultationRequest", description = "相談・通報の受付。receivedAt は ISO 8601 (省略すると現在)、"
            + "channel は PHONE|OFFICE|HOME_VISIT|MAIL|AGENCY、caller は SELF|RELATIVE|NEIGHBOUR|MINSEI|SCHOOL|HOSPITAL|POLICE|ANONYMOUS、"
            + "urgency は URGENT|HIGH|NORMAL、category は分類コード")
    record NewRequest(@Schema(example = "2026-12-04T17:15:00+09:00", nullable = true) String receivedAt,
            @Schema(example = "PHONE") String channel, @Schema(example = "SCHOOL") String caller,
            @Schema(example = "child-abuse") String category, @Schema(example = "URGENT") String urgency,
            @Schema(example = "担任から、腕にあざがあり家に帰りたくないと話していると電話") String account,
            @Schema(example = "[\"0000100002\"]") List<String> personKeys,
            @Schema(nullable = true) Unidentified unidentified) {
    }

    /** An entry as the API takes it: which fields count depends on {@code kind}. */
    @Schema(name = "ConsultationEntryRequest", description = "記録の追加。kind は note|correction|subject|link|follow-up|"
            + "follow-up-done|share|referral|accept|return|confirmation|close。entry は訂正・特定・完了・受理・返戻の対象の記録番号")
    record EntryRequest(@Schema(example = "referral") String kind, @Schema(example = "障害児支援の相談もお願いします") String text,
            @Schema(nullable = true) Long entry, @Schema(nullable = true) String personKey,
            @Schema(nullable = true, example = "shogai") String department, @Schema(nullable = true) String assignee,
            @Schema(nullable = true, example = "2026-12-07") String dueOn, @Schema(nullable = true) String seenBy,
            @Schema(nullable = true, example = "2026-12-05T10:00:00+09:00") String seenAt,
            @Schema(nullable = true) String place) {
    }

    @Schema(name = "ConsultationHit", description = "一覧・検索の一件")
    record Hit(long id, TypedValue receivedAt, TypedValue category, TypedValue urgency, TypedValue clock,
            boolean closed, List<Map<String, String>> persons, String matched) {
    }

    @Schema(name = "ConsultationList", description = "一覧・検索の結果 (閲覧できる記録だけ。新しい順)")
    record HitList(int count, List<Hit> items) {
    }

    @Schema(name = "HandoverBoardItem", description = "ボードの項目: kind は {code: URGENT|CLOCK|REFERRAL|FOLLOW_UP, label}")
    record BoardItem(long consultationId, TypedValue kind, TypedValue category, TypedValue due, boolean alarming,
            @Schema(nullable = true) String text) {
    }

    @Schema(name = "HandoverBoardGroup", description = "一人分 (未特定の人は personKey が null)")
    record BoardGroup(@Schema(nullable = true) String personKey, String title, boolean alarming, List<BoardItem> items) {
    }

    @Schema(name = "HandoverBoard", description = "引継ぎボード")
    record BoardDocument(TypedValue at, TypedValue nextWorkingDay, int records, List<BoardGroup> groups) {
    }

    private final AccessPolicy access;
    private final ConsultationLog log;
    private final ConsultationReader reader;
    private final ConsultationSearch search;
    private final HandoverBoard board;
    private final TokyoTime time;

    ConsultationApiController(AccessPolicy access, ConsultationLog log, ConsultationReader reader,
            ConsultationSearch search, HandoverBoard board, TokyoTime time) {
        this.access = access;
        this.log = log;
        this.reader = reader;
        this.search = search;
        this.board = board;
        this.time = time;
    }

    @PersonalData
    @GetMapping(path = "/api/v1/consultations", produces = "application/json")
    @Operation(operationId = "consultations", summary = "相談記録の一覧・全文検索", description = """
            閲覧者の課が詳細を見られる記録だけを新しい順に返します (記録した課、共有・つなぎを受けた課、分類の権限、緊急閲覧)。
            q は内容の語で、形態素解析 (kuromoji) で区切った語をすべて含む記録を探します (部分文字列の一致ではありません)。
            呼出しと結果の記録番号はアクセス記録に残ります。""", responses = {
                @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HitList.class))),
                @ApiResponse(responseCode = "400", description = "日付が読めない、語がない",
                        content = @Content(schema = @Schema(ref = ERROR)))})
    HitList list(@Parameter(example = "泣き声") @RequestParam(required = false) String q,
            @Parameter(example = "child-abuse") @RequestParam(required = false) String category,
            @RequestParam(required = false) String department,
            @Parameter(example = "2026-12-01") @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String person,
            @RequestParam(defaultValue = "false") boolean open, @RequestParam(defaultValue = "50") int limit,
            Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        Instant now = time.now().toInstant();
        List<Hit> hits = search.search(viewer, new ConsultationSearch.Query(ConsultationController.blankToNull(q),
                ConsultationController.blankToNull(category), ConsultationController.blankToNull(department),
                ConsultationController.day(from, "from"), ConsultationController.day(to, "to"),
                ConsultationController.blankToNull(person), open, limit), "api").stream().map(h -> {
                    ConsultationRecord r = h.record();
                    ClockState clock = r.clock(now);
                    return new Hit(r.id(), ConsultationDocument.time("receivedAt", "受付日時", r.receivedAt()),
                            TypedValue.code("category", "分類", r.category().code(), r.category().label()),
                            TypedValue.code("urgency", "緊急度", r.urgency().name(), r.urgency().label()),
                            TypedValue.code("clock", "期限の状況", clock.name(), clock.label()), r.closed(),
                            r.personKeys().stream().map(k -> Map.of("personKey", k, "name",
                                    h.names().getOrDefault(k, ""))).toList(), h.matched());
                }).toList();
        return new HitList(hits.size(), hits);
    }

    @PersonalData
    @GetMapping(path = "/api/v1/consultations/{consultationId}", produces = "application/json")
    @Operation(operationId = "consultation", summary = "相談記録を一件取得する", description = """
            記録の見出し、対象者 (未特定の人とその特定)、すべての記録 (訂正は訂正先を指す)、つなぎ、対応予定、期限を返します。
            詳細を見られない記録は、存在しない番号と同じく 404 です。閲覧はアクセス記録に残ります。""", responses = {
                @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ConsultationDocument.class))),
                @ApiResponse(responseCode = "404", content = @Content(schema = @Schema(ref = ERROR)))})
    ConsultationDocument record(@Parameter(example = "1024") @PathVariable long consultationId, Authentication user) {
        return ConsultationDocument.of(reader.read(access.viewer(user.getName()), consultationId, "api"),
                time.now().toInstant());
    }

    @PostMapping(path = "/api/v1/consultations", produces = "application/json")
    @Operation(operationId = "openConsultation", summary = "相談・通報を記録する", requestBody =
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
                    {"channel": "PHONE", "caller": "SCHOOL", "category": "child-abuse", "urgency": "URGENT",
                     "account": "担任から、腕にあざがあると電話", "personKeys": ["0000100002"]}"""))),
            responses = {
                @ApiResponse(responseCode = "201", content = @Content(examples = @ExampleObject("{\"id\": 1024}"))),
                @ApiResponse(responseCode = "400", description = "入力の誤り (項目名を挙げた日本語のメッセージ)。何も記録しない",
                        content = @Content(schema = @Schema(ref = ERROR)))})
    ResponseEntity<Map<String, Object>> open(@RequestBody NewRequest body, Authentication user) {
        long id = log.open(access.viewer(user.getName()), new NewConsultation(
                ConsultationController.dateTime(body.receivedAt(), "receivedAt"),
                ConsultationController.option(Channel.class, body.channel(), "channel"),
                ConsultationController.option(Caller.class, body.caller(), "caller"), body.category(),
                ConsultationController.option(Urgency.class, body.urgency(), "urgency"), body.account(),
                body.personKeys(), body.unidentified()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }

    @PostMapping(path = "/api/v1/consultations/{consultationId}/entries", produces = "application/json")
    @Operation(operationId = "appendConsultationEntry", summary = "記録を追加する (経過、訂正、つなぎ、受理、返戻、確認、終結 …)",
            responses = {
                @ApiResponse(responseCode = "201", content = @Content(examples = @ExampleObject("{\"entryId\": 4096}"))),
                @ApiResponse(responseCode = "400", content = @Content(schema = @Schema(ref = ERROR))),
                @ApiResponse(responseCode = "404", content = @Content(schema = @Schema(ref = ERROR)))})
    ResponseEntity<Map<String, Object>> append(@PathVariable long consultationId, @RequestBody EntryRequest e,
            Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        long id = consultationId;
        long entry = switch (e.kind() == null ? "" : e.kind()) {
            case "note" -> log.note(viewer, id, e.text());
            case "correction" -> log.correct(viewer, id, needed(e.entry()), e.text());
            case "subject" -> log.addSubject(viewer, id, e.personKey(), new Unidentified(null, null, e.place()));
            case "link" -> log.link(viewer, id, needed(e.entry()), e.personKey());
            case "follow-up" -> log.followUp(viewer, id, e.text(), e.assignee(),
                    ConsultationController.day(e.dueOn(), "dueOn"));
            case "follow-up-done" -> log.followUpDone(viewer, id, needed(e.entry()), e.text());
            case "share" -> log.share(viewer, id, e.department(), e.text());
            case "referral" -> log.refer(viewer, id, e.department(), e.text());
            case "accept" -> log.accept(viewer, id, needed(e.entry()), e.text());
            case "return" -> log.returnReferral(viewer, id, needed(e.entry()), e.text());
            case "confirmation" -> log.confirm(viewer, id, e.seenBy(),
                    ConsultationController.dateTime(e.seenAt(), "seenAt"), e.place(), e.text());
            case "close" -> log.close(viewer, id, e.text());
            default -> throw new ConsultationRefused("kind が正しくありません");
        };
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("entryId", entry));
    }

    @PersonalData
    @GetMapping(path = "/api/v1/consultations/board", produces = "application/json")
    @Operation(operationId = "handoverBoard", summary = "引継ぎボード", description = """
            閲覧者が詳細を見られる記録のうち、終結していない緊急の記録、確認前の期限、受理待ちのつなぎ、次の開庁日までの対応予定を、
            人ごとにまとめて返します (警告のあるものが先)。閲覧はアクセス記録に残ります。""", responses =
            @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BoardDocument.class))))
    BoardDocument board(Authentication user) {
        HandoverBoard.Board b = board.board(access.viewer(user.getName()), "api");
        return new BoardDocument(ConsultationDocument.time("at", "表示日時", b.at()),
                ConsultationDocument.day("nextWorkingDay", "次の開庁日", b.nextWorkingDay()), b.records(),
                b.groups().stream().map(g -> new BoardGroup(g.personKey(), g.title(), g.alarming(),
                        g.items().stream().map(i -> new BoardItem(i.record().id(),
                                TypedValue.code("kind", "項目", i.kind().name(), i.kind().label()),
                                TypedValue.code("category", "分類", i.record().category().code(),
                                        i.record().category().label()),
                                ConsultationDocument.time("due", "期限", i.due()), i.alarming(),
                                i.entry() == null ? null : i.entry().body())).toList())).toList());
    }

    @ExceptionHandler(ConsultationRefused.class)
    ResponseEntity<Map<String, Object>> refused(ConsultationRefused e) {
        return ResponseEntity.badRequest().body(Map.of("status", 400, "error", e.getMessage()));
    }

    @ExceptionHandler(ConsultationNotFound.class)
    ResponseEntity<Map<String, Object>> notFound(ConsultationNotFound e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("status", 404, "error", e.getMessage()));
    }

    private static long needed(Long entry) {
        if (entry == null) {
            throw new ConsultationRefused("entry (対象の記録番号) を指定してください");
        }
        return entry;
    }
}
