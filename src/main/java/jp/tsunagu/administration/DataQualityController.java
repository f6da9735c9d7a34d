package jp.tsunagu.administration;

import jp.tsunagu.access.Withheld;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.resident.DataQuality;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.audit.AuditUnavailableException;
import jp.tsunagu.programs.ProgramSource;
import jp.tsunagu.japanese.JapaneseDates;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The data quality screens for administrators (データ品質, {@code /admin/quality}; the {@code /admin/**}
 * rule keeps everyone else out). Lists of person keys and persons are personal data: each screen is
 * recorded in the audit trail (screen and counts) before it is shown, and is not shown when that
 * record cannot be written. A 支援措置 person's address is never shown here: reviewing a duplicate
 * does not need it, and 緊急閲覧 on the search screen is the way to it.
 */
@Controller
@ConditionalOnWebApplication
@RequestMapping("/admin/quality")
class DataQualityController {

    static final int RECORDS_PER_PAGE = 50;
    static final int GROUPS_PER_PAGE = 20;

    /** A person of a duplicate group as shown. */
    record Shown(String personKey, String name, String kana, String birthDate, String address, String status,
            String masterSource, boolean addressProtected) {
    }

    /** A duplicate group as shown. */
    record ShownGroup(String kana, String birthDate, List<Shown> persons) {
    }

    private final DataQuality quality;
    private final AuditTrail audit;

    DataQualityController(DataQuality quality, AuditTrail audit) {
        this.quality = quality;
        this.audit = audit;
    }

    @GetMapping
    String overview(Authentication user, Model model) {
        List<DataQuality.SourceCount> sources = quality.unindexedBySource();
        long duplicateGroups = quality.duplicateGroups();
        long unindexed = sources.stream().mapToLong(DataQuality.SourceCount::unindexed).sum();
        record(user, "quality.overview", false, Map.of("sources", sources.size(), "unindexed", unindexed,
                "duplicateGroups", duplicateGroups));
        model.addAttribute("sources", sources);
        model.addAttribute("unindexed", unindexed);
        model.addAttribute("duplicateGroups", duplicateGroups);
        return "resident/quality";
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/unindexed/{sourceId}")
    String unindexed(@PathVariable String sourceId, @RequestParam(defaultValue = "1") int page, Authentication user,
            Model model) {
        ProgramSource source = quality.programSource(sourceId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "連携元 " + sourceId + " はありません"));
        PageSlice<DataQuality.UnindexedRecord> records = quality.unindexed(sourceId, page, RECORDS_PER_PAGE);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("source", sourceId);
        detail.put("page", records.number());
        detail.put("total", records.total().count());
        detail.put("shown", records.items().size());
        record(user, "quality.unindexed", false, detail);
        model.addAttribute("source", source);
        model.addAttribute("records", records);
        return "resident/quality-unindexed";
    }

    @jp.tsunagu.platform.PersonalData
    @GetMapping("/duplicates")
    String duplicates(@RequestParam(defaultValue = "1") int page, Authentication user, Model model) {
        PageSlice<DataQuality.DuplicateGroup> groups = quality.duplicates(page, GROUPS_PER_PAGE);
        List<DataQuality.Candidate> persons = groups.items().stream().flatMap(g -> g.persons().stream()).toList();
        boolean protectedPerson = persons.stream().anyMatch(DataQuality.Candidate::addressProtected);
        record(user, "quality.duplicates", protectedPerson, Map.of("page", groups.number(), "groups",
                groups.total().count(), "shownGroups", groups.items().size(), "shownPersons", persons.size()));
        model.addAttribute("groups", groups);
        model.addAttribute("shown", groups.items().stream().map(DataQualityController::shown).toList());
        return "resident/quality-duplicates";
    }

    /** Throws {@link AuditUnavailableException} when the record cannot be written: nothing is shown then. */
    private void record(Authentication user, String screen, boolean flagged, Map<String, ?> counts) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("screen", screen);
        counts.forEach((k, v) -> detail.put(k, String.valueOf(v)));
        audit.record(new AuditEvent(user.getName(), AuditAction.SEARCH, null, detail, flagged));
    }

    private static ShownGroup shown(DataQuality.DuplicateGroup group) {
        return new ShownGroup(group.kanaKey(), date(group.birthDate()), group.persons().stream()
                .map(p -> new Shown(p.personKey(), p.name(), p.kana(), date(p.birthDate()),
                        Withheld.whereabouts(p.addressProtected(), join(p.address(), p.addressDetail())),
                        p.status(), p.masterSource(), p.addressProtected()))
                .toList());
    }

    private static String date(LocalDate date) {
        return date == null ? null : JapaneseDates.warekiWithYear(date);
    }

    private static String join(String address, String detail) {
        if (address == null) {
            return detail;
        }
        return detail == null || detail.isBlank() ? address : address + " " + detail;
    }
}
