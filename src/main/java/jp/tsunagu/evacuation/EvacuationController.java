package jp.tsunagu.evacuation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The list's screens (避難行動要支援者名簿): the districts with their counts, a district's list, one person's
 * reasons, history and consent, and the consent mailing list. Each screen that names persons is written to the
 * audit trail before it is answered.
 */
@Controller
@ConditionalOnWebApplication
class EvacuationController {

    static final int PAGE_SIZE = 50;
    /** The page of the 支援措置 persons on the list, placed in no district. */
    static final String PROTECTED = "protected";

    private final ListHolders holders;
    private final Roster roster;
    private final Consents consents;
    private final EvacuationSetup setup;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final TokyoTime time;
    private final ListRecompute recompute;
    private final Disasters disasters;
    private final SafetyChecks safety;
    private final ListPdf pdf;
    private final VisibleReasons visible;

    EvacuationController(ListHolders holders, Roster roster, Consents consents, EvacuationSetup setup,
            AccessPolicy access, AuditTrail audit, TokyoTime time, ListRecompute recompute, Disasters disasters,
            SafetyChecks safety, ListPdf pdf, VisibleReasons visible) {
        this.pdf = pdf;
        this.visible = visible;
        this.holders = holders;
        this.roster = roster;
        this.consents = consents;
        this.setup = setup;
        this.access = access;
        this.audit = audit;
        this.time = time;
        this.recompute = recompute;
        this.disasters = disasters;
        this.safety = safety;
    }

    /** The districts and their counts: no person is named here. */
    @GetMapping("/evacuation")
    String index(Authentication user, Model model) {
        holders.holder(user);
        model.addAttribute("toAsk", consents.notYetAskedCount());
        Map<String, Long> counts = roster.countsByDistrict();
        model.addAttribute("districts", setup.districts());
        model.addAttribute("counts", counts);
        model.addAttribute("total", counts.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("outside", counts.getOrDefault("", 0L));
        model.addAttribute("last", roster.lastRecompute().orElse(null));
        model.addAttribute("protectedCount", roster.protectedKeys().size());
        return "evacuation/index";
    }

    @PersonalData
    @GetMapping("/evacuation/districts/{district}")
    String district(@PathVariable String district, @RequestParam(defaultValue = "1") int page, Authentication user,
            Model model) {
        Viewer viewer = holders.holder(user);
        ViewerAccess sees = access.of(viewer);
        boolean protectedPage = district.equals(PROTECTED);
        String id = protectedPage ? PROTECTED : district.equals("none") ? "" : setup.district(district).map(District::id)
                .orElseThrow(() -> new EvacuationInputException("地区がありません: " + district));
        // a 支援措置 person is never placed in a district for a viewer who may not see where they live: they are
        // listed on a page of their own, without district, address or telephone
        List<Roster.Entry> all = protectedPage ? roster.entries(roster.protectedKeys())
                : roster.entries(roster.keys(id)).stream()
                        .filter(e -> !sees.withholdsWhereabouts(e.protectedPerson(), e.person().personKey())).toList();
        PageNumbers numbers = PageNumbers.of(page, PAGE_SIZE, all.size());
        List<Roster.Entry> shown = all.subList((int) numbers.offset(),
                (int) Math.min(all.size(), numbers.offset() + numbers.size()));
        boolean anyProtected = shown.stream().anyMatch(Roster.Entry::protectedPerson);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", "evacuation.district");
        detail.put("district", id);
        detail.put("page", Integer.toString(numbers.number()));
        detail.put("count", Integer.toString(shown.size()));
        detail.put("persons", String.join(",", shown.stream().map(e -> e.person().personKey()).toList()));
        audit.record(new AuditEvent(viewer.username(), AuditAction.SEARCH, null, detail, anyProtected));
        PageSlice<Row> slice = numbers.slice(shown.stream().map(e -> Row.of(e, sees, visible)).toList());
        model.addAttribute("district", setup.district(id).orElse(null));
        model.addAttribute("protectedPage", protectedPage);
        model.addAttribute("page", slice);
        model.addAttribute("purposes", Purpose.values());
        disasters.current().filter(d -> d.covers(id)).ifPresent(d -> model.addAttribute("safety",
                safety.latest(d.id(), shown.stream().map(e -> e.person().personKey()).toList())));
        return "evacuation/district";
    }

    /** A row of a list on screen: what the viewer may see of the person. */
    record Row(Roster.Entry entry, boolean whereaboutsWithheld, String born, String since, String reasons) {
        static Row of(Roster.Entry e, ViewerAccess sees, VisibleReasons visible) {
            return new Row(e, sees.withholdsWhereabouts(e.protectedPerson(), e.person().personKey()),
                    Roster.display(e.person().birthDate()),
                    Roster.display(e.since().atZoneSameInstant(TokyoTime.ZONE).toLocalDate()), visible.text(e, sees));
        }
    }

    @PersonalData
    @GetMapping("/evacuation/persons/{personKey}")
    String person(@PathVariable("personKey") String key, Authentication user, Model model) {
        Viewer viewer = holders.holder(user);
        List<Roster.Entry> found = roster.entries(List.of(key));
        List<Roster.Left> history = roster.history(key);
        if (found.isEmpty() && history.isEmpty()) {
            throw new EvacuationInputException("宛名番号 " + key + " の人は名簿に載っていません (載ったこともありません)");
        }
        boolean flagged = !found.isEmpty() && found.get(0).protectedPerson();
        audit.record(new AuditEvent(viewer.username(), AuditAction.VIEW_PERSON, key,
                Map.of("screen", "evacuation.person", "sections", "事由,履歴,同意"), flagged));
        model.addAttribute("key", key);
        model.addAttribute("row", found.isEmpty() ? null : Row.of(found.get(0), access.of(viewer), visible));
        model.addAttribute("history", history.stream().map(l -> new HistoryRow(l.reason(),
                day(l.since()), l.until() == null ? null : day(l.until()))).toList());
        model.addAttribute("purposes", Purpose.values());
        model.addAttribute("answers", ConsentAnswer.values());
        model.addAttribute("methods", ConsentMethod.values());
        model.addAttribute("today", time.today());
        return "evacuation/person";
    }

    record HistoryRow(String reason, String since, String until) {
    }

    private static String day(java.time.OffsetDateTime at) {
        return Roster.display(at.atZoneSameInstant(TokyoTime.ZONE).toLocalDate());
    }

    @PostMapping("/evacuation/persons/{personKey}/consent")
    String consent(@PathVariable("personKey") String key, @RequestParam String purpose, @RequestParam String answer,
            @RequestParam String answeredOn, @RequestParam String method, Authentication user) {
        Viewer viewer = holders.holder(user);
        consents.record(key, Purpose.parse(purpose), answer(answer), date(answeredOn), method(method),
                viewer.username());
        return "redirect:/evacuation/persons/" + key + "?saved";
    }

    /** 申出: a resident asked to be on the list; the list is recomputed at once. */
    @PostMapping("/evacuation/requests")
    String request(@RequestParam String personKey, @RequestParam String requestedOn, Authentication user) {
        Viewer viewer = holders.holder(user);
        String padded = PersonKeyInput.normalise(personKey);
        consents.request(padded, date(requestedOn), viewer.username());
        recompute.recompute("申出 " + padded);
        return "redirect:/evacuation/persons/" + padded;
    }

    @PersonalData
    @GetMapping("/evacuation/consent/mailing.xlsx")
    ResponseEntity<byte[]> mailing(Authentication user) {
        Viewer viewer = holders.holder(user);
        List<Roster.Entry> entries = consents.notYetAsked();
        audit.record(AuditEvent.of(viewer.username(), AuditAction.EXPORT, Map.of("screen", "evacuation.mailing",
                "format", "xlsx", "persons", Integer.toString(entries.size()))));
        return file(ListWorkbook.mailing(entries), "同意確認書の送付先_" + stamp() + ".xlsx", "consent-mailing.xlsx",
                XLSX);
    }

    @PersonalData
    @GetMapping("/evacuation/consent/letters.pdf")
    ResponseEntity<byte[]> letters(Authentication user) {
        Viewer viewer = holders.holder(user);
        List<Roster.Entry> entries = consents.notYetAsked();
        audit.record(AuditEvent.of(viewer.username(), AuditAction.EXPORT, Map.of("screen", "evacuation.letters",
                "format", "pdf", "persons", Integer.toString(entries.size()))));
        return jp.tsunagu.printing.PdfAnswer.attachment(pdf.consentLetters(entries), "同意確認書_" + stamp() + ".pdf");
    }

    @PostMapping("/evacuation/consent/mailing/asked")
    String asked(@RequestParam int count, Authentication user) {
        Viewer viewer = holders.holder(user);
        long now = consents.notYetAskedCount();
        if (now != count) {
            throw new EvacuationInputException("送付先の一覧が変わりました (" + count + " 人 → " + now
                    + " 人)。一覧を出し直してから送付済みにしてください");
        }
        List<String> keys = consents.notYetAsked().stream().map(e -> e.person().personKey()).toList();
        int marked = consents.markAsked(keys, viewer.username());
        return "redirect:/evacuation?asked=" + marked;
    }

    static final MediaType XLSX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    static ResponseEntity<byte[]> file(byte[] body, String name, String asciiName, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.set(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + asciiName + "\"; "
                + ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString()
                        .replaceFirst("^attachment; ", ""));
        headers.setCacheControl("no-store");
        return ResponseEntity.ok().headers(headers).body(body);
    }

    String stamp() {
        return time.today().toString().replace("-", "");
    }

    static LocalDate date(String text) {
        try {
            return JapaneseDates.parseAny(text);
        } catch (RuntimeException e) {
            throw new EvacuationInputException("日付を読めません: 令和8年4月1日、R8.4.1、2026-04-01 などで入力してください");
        }
    }

    static ConsentAnswer answer(String text) {
        try {
            return ConsentAnswer.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new EvacuationInputException("回答 (answer) は AGREED (同意) か REFUSED (不同意) です");
        }
    }

    static ConsentMethod method(String text) {
        try {
            return ConsentMethod.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new EvacuationInputException("回答の方法 (method) は POST (郵送回答)・VISIT (訪問)・COUNTER (窓口) のどれかです");
        }
    }
}
