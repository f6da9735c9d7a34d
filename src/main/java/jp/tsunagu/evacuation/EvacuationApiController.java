package jp.tsunagu.evacuation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The list, consent, handovers and 安否確認 as JSON ({@code /api/v1/evacuation}), behind API tokens and the same
 * rules as the screens: only the departments that hold the list, 支援措置 whereabouts withheld from viewers
 * without the permission, every read of persons audited before it is answered.
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "避難行動要支援者", description = "避難行動要支援者名簿、同意、提供記録、安否確認")
class EvacuationApiController {

    static final String API_ERROR = "#/components/schemas/ApiError";

    /** A person on the list, every value typed. */
    @Schema(name = "EvacuationPerson", description = "名簿の 1 人。値はすべて TypedValue")
    record PersonJson(
            @Schema(example = "0000123458") String personKey,
            @Schema(description = "氏名・生年月日・性別・住所又は居所・電話番号・掲載日・地区・町丁目") List<TypedValue> items,
            @Schema(description = "避難支援等を必要とする事由: 基準の ID と事由、掲載日") List<TypedValue> reasons,
            @Schema(description = "提供先ごとの同意 (code は AGREED・REFUSED、回答がないときは value が null で display が 未回答)")
            List<TypedValue> consents,
            @Schema(description = "支援措置の対象者 (外部に提供する名簿と地図には載らない)") boolean protectedPerson) {
    }

    @Schema(name = "EvacuationPersons", description = "地区の名簿")
    record PersonsJson(@Schema(example = "irumagawa") String district, @Schema(example = "入間川地区") String districtName,
            @Schema(example = "120") int total, List<PersonJson> persons) {
    }

    @Schema(name = "ConsentInput", description = "同意の回答")
    record ConsentInput(@Schema(example = "MINSEI", allowableValues = {"MINSEI", "JISHUBO", "SHAKYO", "FIRE", "POLICE"}) String purpose,
            @Schema(example = "AGREED", allowableValues = {"AGREED", "REFUSED"}) String answer,
            @Schema(example = "2026-11-20", format = "date") String answeredOn,
            @Schema(example = "POST", allowableValues = {"POST", "VISIT", "COUNTER"}) String method) {
    }

    @Schema(name = "EvacuationHandover", description = "名簿の提供記録")
    record HandoverJson(@Schema(example = "12") long id, List<TypedValue> items) {
    }

    @Schema(name = "SafetyResult", description = "受け取った件数と、新しく保存した件数 (再送は保存しない)")
    record SafetyResult(@Schema(example = "3") int received, @Schema(example = "2") int stored) {
    }

    private final ListHolders holders;
    private final Roster roster;
    private final Consents consents;
    private final Handovers handovers;
    private final SafetyChecks safety;
    private final Disasters disasters;
    private final EvacuationSetup setup;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final VisibleReasons visible;

    EvacuationApiController(ListHolders holders, Roster roster, Consents consents, Handovers handovers,
            SafetyChecks safety, Disasters disasters, EvacuationSetup setup, AccessPolicy access, AuditTrail audit,
            VisibleReasons visible) {
        this.visible = visible;
        this.holders = holders;
        this.roster = roster;
        this.consents = consents;
        this.handovers = handovers;
        this.safety = safety;
        this.disasters = disasters;
        this.setup = setup;
        this.access = access;
        this.audit = audit;
    }

    @PersonalData
    @GetMapping(path = "/api/v1/evacuation/persons", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evacuationPersons", summary = "地区の避難行動要支援者名簿を取得する", description = """
            地区 (district) の名簿に載っている人を、事由・掲載日・提供先ごとの同意とともに返します。名簿を扱う課の職員と
            管理者 (およびその API トークン) だけが使えます。支援措置の対象者の住所・電話番号は、許された所属でなければ
            value が null、display が「（支援措置のため非表示）」です。呼出しはアクセス記録に残ります。""",
            parameters = @Parameter(name = "district", description = "地区 ID", example = "irumagawa", required = true),
            responses = {
                @ApiResponse(responseCode = "200", description = "地区の名簿",
                        content = @Content(schema = @Schema(implementation = PersonsJson.class))),
                @ApiResponse(responseCode = "400", description = "知らない地区", content = @Content(schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "403", description = "名簿を扱う課ではない", content = @Content(schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "503", description = "アクセス記録を書けないため、データを返さなかった",
                        content = @Content(schema = @Schema(ref = API_ERROR)))})
    PersonsJson persons(@RequestParam String district, Authentication user) {
        Viewer viewer = holders.holder(user);
        District d = setup.district(district).orElseThrow(() -> new EvacuationInputException("地区 (district) がありません: " + district));
        ViewerAccess sees = access.of(viewer);
        List<Roster.Entry> entries = roster.entries(roster.keys(d.id())).stream()
                .filter(e -> !sees.withholdsWhereabouts(e.protectedPerson(), e.person().personKey())).toList();
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, Map.of("screen", "api.evacuation.persons",
                "district", d.id(), "count", Integer.toString(entries.size())),
                entries.stream().anyMatch(Roster.Entry::protectedPerson)));
        return new PersonsJson(d.id(), d.name(), entries.size(), entries.stream().map(e -> json(e, sees)).toList());
    }

    @PersonalData
    @GetMapping(path = "/api/v1/evacuation/persons/{personKey}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evacuationPerson", summary = "名簿の 1 人を取得する", description = """
            名簿に載っている人 1 人の事由・掲載日・同意を返します。載っていない人は 400 です。呼出しはアクセス記録に残ります。""",
            responses = {
                @ApiResponse(responseCode = "200", description = "名簿の 1 人",
                        content = @Content(schema = @Schema(implementation = PersonJson.class))),
                @ApiResponse(responseCode = "400", description = "名簿に載っていない", content = @Content(schema = @Schema(ref = API_ERROR))),
                @ApiResponse(responseCode = "403", description = "名簿を扱う課ではない", content = @Content(schema = @Schema(ref = API_ERROR)))})
    PersonJson person(@PathVariable String personKey, Authentication user) {
        Viewer viewer = holders.holder(user);
        String key = PersonKeyInput.normalise(personKey);
        List<Roster.Entry> found = roster.entries(List.of(key));
        if (found.isEmpty()) {
            throw new EvacuationInputException("宛名番号 " + key + " の人は名簿に載っていません");
        }
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, key,
                Map.of("screen", "api.evacuation.person"), found.get(0).protectedPerson()));
        ViewerAccess sees = access.of(viewer);
        PersonJson person = json(found.get(0), sees);
        return person;
    }

    @PostMapping(path = "/api/v1/evacuation/persons/{personKey}/consents", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evacuationConsent", summary = "同意の回答を記録する",
            description = "提供先 (purpose) ごとの回答を記録します。後の回答は前の回答を置き換えます。",
            responses = {
                @ApiResponse(responseCode = "200", description = "記録した後の 1 人",
                        content = @Content(schema = @Schema(implementation = PersonJson.class))),
                @ApiResponse(responseCode = "400", description = "値が正しくない・名簿に載っていない",
                        content = @Content(schema = @Schema(ref = API_ERROR)))})
    PersonJson consent(@PathVariable String personKey, @RequestBody ConsentInput input, Authentication user) {
        Viewer viewer = holders.holder(user);
        String key = PersonKeyInput.normalise(personKey);
        consents.record(key, Purpose.parse(input.purpose()), EvacuationController.answer(input.answer()),
                EvacuationController.date(input.answeredOn()), EvacuationController.method(input.method()),
                viewer.username());
        return person(key, user);
    }

    @GetMapping(path = "/api/v1/evacuation/handovers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evacuationHandovers", summary = "返却・廃棄されていない名簿の提供記録",
            responses = @ApiResponse(responseCode = "200", description = "提供記録 (期限の早い順)",
                    content = @Content(array = @ArraySchema(schema = @Schema(implementation = HandoverJson.class)))))
    List<HandoverJson> handovers(Authentication user) {
        holders.holder(user);
        List<HandoverJson> list = new ArrayList<>();
        for (Handovers.Handover h : handovers.outstanding()) {
            List<TypedValue> items = new ArrayList<>();
            items.add(TypedValue.code("district", "地区", h.districtId(),
                    setup.district(h.districtId()).map(District::name).orElse(h.districtId())));
            items.add(TypedValue.code("purpose", "提供先", h.purpose().name(), h.purpose().label()));
            items.add(TypedValue.text("recipient", "受け取る人", h.recipient()));
            items.add(new TypedValue("givenAt", "提供日時", TokyoTime.iso(h.givenAt().toInstant()),
                    TokyoTime.minutes(h.givenAt().toInstant())));
            items.add(TypedValue.date("returnBy", "返却・廃棄期限", h.returnBy(), Roster.display(h.returnBy())));
            items.add(TypedValue.number("persons", "人数", h.persons(), h.persons() + "人"));
            items.add(TypedValue.code("ground", "根拠", h.withoutConsent() ? "DISASTER" : "CONSENT",
                    h.withoutConsent() ? "災害時 (同意によらない提供)" : "本人の同意"));
            list.add(new HandoverJson(h.id(), items));
        }
        return list;
    }

    @PostMapping(path = "/api/v1/evacuation/safety", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evacuationSafety", summary = "安否確認を記録する", description = """
            災害モードの間、安否確認の記録をまとめて受け取ります。id は端末が作る UUID で、同じ id を再送しても
            1 件として保存されます (接続が切れて応答を受け取れなかったときは、そのまま再送してください)。""",
            responses = {
                @ApiResponse(responseCode = "200", description = "受け取った件数と保存した件数",
                        content = @Content(schema = @Schema(implementation = SafetyResult.class))),
                @ApiResponse(responseCode = "400", description = "災害モードではない・値が正しくない (何も保存しない)",
                        content = @Content(schema = @Schema(ref = API_ERROR)))})
    SafetyResult safety(@RequestBody List<SafetyApi.EntryInput> entries, Authentication user) {
        Viewer viewer = holders.confirmer(user);
        int stored = safety.record(entries.stream().map(SafetyApi.EntryInput::entry).toList(), viewer.username());
        return new SafetyResult(entries.size(), stored);
    }

    @GetMapping(path = "/api/v1/evacuation/safety/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evacuationDashboard", summary = "地区ごとの安否確認の状況 (人数のみ)",
            responses = @ApiResponse(responseCode = "200", description = "地区ごとの件数。災害モードでなければ空"))
    List<Map<String, Object>> dashboard(Authentication user) {
        holders.confirmer(user);
        List<Map<String, Object>> rows = new ArrayList<>();
        disasters.current().ifPresent(d -> safety.dashboard(d).forEach(t -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("district", new TypedValue.Code(t.districtId(), t.districtName()));
            row.put("listed", t.listed());
            row.put("confirmed", t.confirmed());
            Map<String, Integer> by = new LinkedHashMap<>();
            for (SafetyStatus s : SafetyStatus.values()) {
                by.put(s.name(), t.byStatus().getOrDefault(s, 0));
            }
            row.put("byStatus", by);
            rows.add(row);
        }));
        return rows;
    }

    private PersonJson json(Roster.Entry e, ViewerAccess sees) {
        boolean withheld = sees.withholdsWhereabouts(e.protectedPerson(), e.person().personKey());
        List<TypedValue> items = new ArrayList<>();
        items.add(TypedValue.text("name", "氏名", e.person().name()));
        items.add(TypedValue.date("birthDate", "生年月日", e.person().birthDate(), Roster.display(e.person().birthDate())));
        items.add(TypedValue.text("sex", "性別", e.person().sex()));
        items.add(withheld ? TypedValue.withheld("address", "住所又は居所", Withheld.WHEREABOUTS)
                : TypedValue.text("address", "住所又は居所", StatutoryRow.of(e).address()));
        items.add(withheld ? TypedValue.withheld("phone", "電話番号その他の連絡先", Withheld.WHEREABOUTS)
                : e.phone() == null ? TypedValue.empty("phone", "電話番号その他の連絡先")
                : TypedValue.text("phone", "電話番号その他の連絡先", e.phone()));
        var since = e.since().atZoneSameInstant(TokyoTime.ZONE).toLocalDate();
        items.add(TypedValue.date("since", "掲載日", since, Roster.display(since)));
        items.add(withheld ? TypedValue.withheld("district", "地区", Withheld.WHEREABOUTS)
                : e.districtId() == null ? TypedValue.empty("district", "地区") : TypedValue.code("district", "地区",
                e.districtId(), setup.district(e.districtId()).map(District::name).orElse(e.districtId())));
        items.add(withheld ? TypedValue.withheld("town", "町丁目", Withheld.WHEREABOUTS)
                : TypedValue.text("town", "町丁目", e.town()));
        List<TypedValue> reasons = e.reasons().stream().map(r -> visible.shown(r, e.person().personKey(), sees)
                ? new TypedValue("reason", "避難支援等を必要とする事由", new TypedValue.Code(r.criterionId(), r.reason()),
                        r.reason() + " (" + Roster.display(r.since().atZoneSameInstant(TokyoTime.ZONE).toLocalDate()) + " から)")
                : TypedValue.withheld("reason", "避難支援等を必要とする事由", VisibleReasons.WITHHELD)).toList();
        List<TypedValue> consentValues = new ArrayList<>();
        for (Purpose p : Purpose.values()) {
            ConsentAnswer a = e.consents().get(p);
            consentValues.add(a == null ? TypedValue.withheld(p.name(), p.label(), "未回答")
                    : TypedValue.code(p.name(), p.label(), a.name(), a.label()));
        }
        return new PersonJson(e.person().personKey(), items, reasons, consentValues, e.protectedPerson());
    }
}
