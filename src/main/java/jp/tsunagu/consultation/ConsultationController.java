package jp.tsunagu.consultation;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The screens of consultation records (相談・通報の画面): the department's list with full-text search, a new
 * record, one record with its entries and the forms to append, and the hand-over board with its live feed.
 */
@Controller
@ConditionalOnWebApplication
class ConsultationController {

    private final AccessPolicy access;
    private final ConsultationLog log;
    private final ConsultationReader reader;
    private final ConsultationSearch search;
    private final HandoverBoard board;
    private final BoardEvents events;
    private final ConsultationProperties properties;
    private final Departments departments;
    private final TokyoTime time;
    private final HandoverSheet sheet;
    private final jp.tsunagu.access.StaffAccounts staff;

    ConsultationController(AccessPolicy access, ConsultationLog log, ConsultationReader reader,
            ConsultationSearch search, HandoverBoard board, BoardEvents events, ConsultationProperties properties,
            Departments departments, TokyoTime time, HandoverSheet sheet, jp.tsunagu.access.StaffAccounts staff) {
        this.sheet = sheet;
        this.staff = staff;
        this.access = access;
        this.log = log;
        this.reader = reader;
        this.search = search;
        this.board = board;
        this.events = events;
        this.properties = properties;
        this.departments = departments;
        this.time = time;
    }

    @PersonalData
    @GetMapping("/consultations")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String category,
            @RequestParam(required = false) String department, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String person,
            @RequestParam(defaultValue = "false") boolean open, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        ConsultationSearch.Query query = new ConsultationSearch.Query(blankToNull(q), blankToNull(category),
                blankToNull(department), day(from, "from"), day(to, "to"), blankToNull(person), open, 100);
        model.addAttribute("hits", search.search(viewer, query, "html"));
        model.addAttribute("query", query);
        model.addAttribute("fromText", from);
        model.addAttribute("toText", to);
        model.addAttribute("categories", properties.categories());
        model.addAttribute("departmentNames", departments.names());
        model.addAttribute("now", time.now().toInstant());
        return "consultation/list";
    }

    @GetMapping("/consultations/new")
    String form(@RequestParam(required = false) String person, Model model) {
        model.addAttribute("person", person == null ? "" : person.replaceAll("[^0-9 ]", ""));
        model.addAttribute("categories", properties.categories());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("callers", Caller.values());
        model.addAttribute("urgencies", Urgency.values());
        model.addAttribute("receivedAt", LocalDateTime.ofInstant(time.now().toInstant(), TokyoTime.ZONE)
                .withSecond(0).withNano(0).toString());
        return "consultation/new";
    }

    @PostMapping("/consultations")
    String create(@RequestParam(required = false) String receivedAt, @RequestParam(required = false) String channel,
            @RequestParam(required = false) String caller, @RequestParam(required = false) String category,
            @RequestParam(required = false) String urgency, @RequestParam(required = false) String account,
            @RequestParam(required = false) String persons, @RequestParam(required = false) String unknownName,
            @RequestParam(required = false) String unknownAge, @RequestParam(required = false) String unknownPlace,
            Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        List<String> keys = persons == null ? List.of()
                : Arrays.stream(persons.split("[\\s,、]+")).filter(s -> !s.isBlank()).toList();
        long id = log.open(viewer, new NewConsultation(dateTime(receivedAt, "受付日時"),
                option(Channel.class, channel, "受付方法"), option(Caller.class, caller, "相談者・通報者"), category,
                option(Urgency.class, urgency, "緊急度"), account, keys,
                new Unidentified(unknownName, unknownAge, unknownPlace)));
        return "redirect:/consultations/" + id;
    }

    @PersonalData
    @GetMapping("/consultations/{consultationId}")
    String record(@PathVariable long consultationId, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        ConsultationReader.Shown shown = reader.read(viewer, consultationId, "html");
        model.addAttribute("shown", shown);
        model.addAttribute("r", shown.record());
        model.addAttribute("now", time.now().toInstant());
        model.addAttribute("viewerDepartment", viewer.departmentId());
        model.addAttribute("departments", departments.names());
        return "consultation/record";
    }

    /** Appends one entry; {@code kind} names which form was sent. */
    @PostMapping("/consultations/{consultationId}/entries")
    String append(@PathVariable long consultationId, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String text, @RequestParam(required = false) Long entry,
            @RequestParam(required = false) String person, @RequestParam(required = false) String department,
            @RequestParam(required = false) String assignee, @RequestParam(required = false) String dueOn,
            @RequestParam(required = false) String seenBy, @RequestParam(required = false) String seenAt,
            @RequestParam(required = false) String place, @RequestParam(required = false) String unknownName,
            @RequestParam(required = false) String unknownAge, Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        long id = consultationId;
        switch (kind == null ? "" : kind) {
            case "note" -> log.note(viewer, id, text);
            case "correction" -> log.correct(viewer, id, needed(entry, "訂正する記録"), text);
            case "subject" -> log.addSubject(viewer, id, person, new Unidentified(unknownName, unknownAge, place));
            case "link" -> log.link(viewer, id, needed(entry, "対象者の記録"), person);
            case "follow-up" -> log.followUp(viewer, id, text, assignee, day(dueOn, "期日"));
            case "follow-up-done" -> log.followUpDone(viewer, id, needed(entry, "対応予定"), text);
            case "share" -> log.share(viewer, id, department, text);
            case "referral" -> log.refer(viewer, id, department, text);
            case "accept" -> log.accept(viewer, id, needed(entry, "つなぎ"), text);
            case "return" -> log.returnReferral(viewer, id, needed(entry, "つなぎ"), text);
            case "confirmation" -> log.confirm(viewer, id, seenBy, dateTime(seenAt, "確認した日時"), place, text);
            case "close" -> log.close(viewer, id, text);
            default -> throw new ConsultationRefused("記録の種類 (kind) が正しくありません");
        }
        return "redirect:/consultations/" + id;
    }

    @PersonalData
    @GetMapping("/consultations/board")
    String board(Authentication user, Model model) {
        model.addAttribute("board", board.board(access.viewer(user.getName()), "html"));
        model.addAttribute("viewerLabel", user.getName());
        return "consultation/board";
    }

    /** 週末引継ぎ票: the board on A4 for the staff on call, shown in the browser to print. */
    @PersonalData
    @GetMapping("/consultations/board.pdf")
    org.springframework.http.ResponseEntity<byte[]> handoverSheet(Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        String label = staff.displayName(viewer.username()).orElse(viewer.username()) + " (" + viewer.username() + ")";
        return jp.tsunagu.printing.PdfAnswer.inline(sheet.print(viewer, label),
                "週末引継ぎ票_" + time.today().toString().replace("-", "") + ".pdf");
    }

    /** The board's items alone, which the page fetches again when its live feed says something changed. */
    @PersonalData
    @GetMapping("/consultations/board/items")
    String boardItems(Authentication user, Model model) {
        model.addAttribute("board", board.board(access.viewer(user.getName()), "live"));
        return "consultation/board :: items";
    }

    /** The live feed: an event {@code changed} with a record number after each committed change, nothing personal. */
    @GetMapping(path = "/consultations/board/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter boardEvents() {
        return events.subscribe();
    }

    @ExceptionHandler(ConsultationRefused.class)
    String refused(ConsultationRefused e, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("message", e.getMessage());
        return "consultation/refused";
    }

    @ExceptionHandler(ConsultationNotFound.class)
    String notFound(ConsultationNotFound e, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("message", e.getMessage());
        return "consultation/refused";
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static LocalDate day(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ConsultationRefused("「" + field + "」は 2026-12-04 の形で入れてください");
        }
    }

    /** A Tokyo local date and time from a form (2026-12-04T17:15), or an ISO instant with offset. */
    static Instant dateTime(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip()).atZone(TokyoTime.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ConsultationRefused("「" + field + "」は 2026-12-04T17:15 の形で入れてください");
            }
        }
    }

    static <E extends Enum<E>> E option(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new ConsultationRefused("「" + field + "」の値は選べません");
        }
    }

    private static long needed(Long value, String field) {
        if (value == null) {
            throw new ConsultationRefused("「" + field + "」を選んでください");
        }
        return value;
    }
}
