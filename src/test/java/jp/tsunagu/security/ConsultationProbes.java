package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Map;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.consultation.Caller;
import jp.tsunagu.consultation.Channel;
import jp.tsunagu.consultation.ConsultationLog;
import jp.tsunagu.consultation.NewConsultation;
import jp.tsunagu.consultation.Urgency;

/**
 * The consultation routes (相談記録): こども支援課 records a 児童虐待 report about the parent and 介護保険課 a 介護
 * consultation about the elder, both urgent, both with the word 見守り. Only the recording department sees a
 * record in the list, the search, the record's page, the board and their JSON; 児童虐待 is seen by no other
 * department at all, 介護 by the others only as 「相談記録あり」 on the person's overview (not on these routes).
 * Each answer is recorded once, with the records it showed.
 */
final class ConsultationProbes {

    static final String WORD = "見守り";
    static final String ABUSE_TEXT = "学校から通告: 見守りが必要、腕にあざ";
    static final String CARE_TEXT = "長女から相談: 見守りと配食の利用を検討";

    /** The two records of the matrix city. */
    record Records(MatrixCity city, long abuse, long care) {
    }

    private static Records made;

    private ConsultationProbes() {
    }

    /**
     * The two records, made once per matrix database: a context made again (or a second class on the same
     * database) finds them there by their accounts rather than adding two more, which its searches would show.
     */
    static synchronized Records of(MatrixCity city) {
        if (made == null || made.city() != city) {
            ConsultationLog log = city.context.getBean(ConsultationLog.class);
            long abuse = existing(city, ABUSE_TEXT).orElseGet(() -> log.open(
                    new Viewer(Staff.KODOMO_CASEWORKER.username, Role.CASEWORKER, MatrixCity.KODOMO),
                    new NewConsultation(null, Channel.PHONE, Caller.SCHOOL, "child-abuse", Urgency.URGENT, ABUSE_TEXT,
                            List.of(city.parent.key()), null)));
            long care = existing(city, CARE_TEXT).orElseGet(() -> log.open(
                    new Viewer(Staff.KAIGO_CASEWORKER.username, Role.CASEWORKER, MatrixCity.KAIGO),
                    new NewConsultation(null, Channel.PHONE, Caller.RELATIVE, "care", Urgency.URGENT, CARE_TEXT,
                            List.of(city.elder.key()), null)));
            made = new Records(city, abuse, care);
        }
        return made;
    }

    private static java.util.Optional<Long> existing(MatrixCity city, String account) {
        return city.jdbc.sql("SELECT min(consultation_id) FROM consultation_entry WHERE body = :b")
                .param("b", account).query(Long.class).optional();
    }

    /** The record numbers, for the routes' {consultationId}. */
    static List<String> ids(MatrixCity city) {
        Records r = of(city);
        return List.of(Long.toString(r.abuse()), Long.toString(r.care()));
    }

    static List<Probe> list(MatrixCity city, String route, boolean json) {
        Records r = of(city);
        String path = json ? "/api/v1/consultations" : "/consultations";
        return List.of(new Probe(route, () -> get(path).param("q", WORD), Staff.KODOMO_CASEWORKER,
                List.of(city.parent.name(), ABUSE_TEXT), null, (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    both(city, r, staff, answer, f);
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "consultation." + (json ? "api" : "html"), "q", WORD,
                                    "hits", hits(r, staff)), false);
                }));
    }

    static List<Probe> record(MatrixCity city, String route, boolean json) {
        Records r = of(city);
        String prefix = json ? "/api/v1/consultations/" : "/consultations/";
        return List.of(
                new Probe(route, () -> get(prefix + r.abuse()), Staff.KODOMO_CASEWORKER,
                        List.of(city.parent.name(), ABUSE_TEXT), null,
                        (staff, answer, f) -> one(city, r.abuse(), city.parent, ABUSE_TEXT, MatrixCity.KODOMO, json,
                                staff, answer, f)),
                new Probe(route, () -> get(prefix + r.care()), Staff.KAIGO_CASEWORKER,
                        List.of(city.elder.name(), CARE_TEXT), null,
                        (staff, answer, f) -> one(city, r.care(), city.elder, CARE_TEXT, MatrixCity.KAIGO, json,
                                staff, answer, f)));
    }

    static List<Probe> board(MatrixCity city, String route, String path) {
        Records r = of(city);
        return List.of(new Probe(route, () -> get(path), Staff.KODOMO_CASEWORKER, List.of(city.parent.name()), null,
                (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    boolean kodomo = staff.department.equals(MatrixCity.KODOMO);
                    boolean kaigo = staff.department.equals(MatrixCity.KAIGO);
                    f.that(answer.body().has(city.parent.name()) == kodomo,
                            (kodomo ? "" : "no ") + "児童虐待 record's person on the board: " + city.parent.name());
                    f.that(answer.body().has(city.elder.name()) == kaigo,
                            (kaigo ? "" : "no ") + "介護 record's person on the board: " + city.elder.name());
                    if (!kodomo) {
                        f.checked("consultation hidden category not on the board");
                    }
                    String screen = path.startsWith("/api") ? "api" : path.endsWith("items") ? "live"
                            : path.endsWith(".pdf") ? "print" : "html";
                    Expectations.oneAuditRow(f, answer, staff, "SEARCH", null,
                            Map.of("screen", "consultation.board." + screen), false);
                    f.that(answer.audit().isEmpty() || answer.audit().get(0).detail().getOrDefault("records", "")
                            .contains(Long.toString(r.abuse())) == kodomo, "the board's audit row names what it showed");
                }));
    }

    /**
     * A person's 経過: every member of staff gets the person's page (the overview shows them too), the 児童虐待
     * report's entries only こども支援課, the 介護 consultation's only 介護保険課; one audit row naming the records shown.
     */
    static List<Probe> timeline(MatrixCity city, String route, boolean json) {
        Records r = of(city);
        String prefix = json ? "/api/v1/consultations/persons/" : "/consultations/persons/";
        return List.of(
                new Probe(route, () -> get(prefix + city.parent.key() + "/timeline"), Staff.KODOMO_CASEWORKER,
                        List.of(city.parent.name(), ABUSE_TEXT), null,
                        (staff, answer, f) -> lines(city.parent, r.abuse(), ABUSE_TEXT, MatrixCity.KODOMO, json,
                                staff, answer, f)),
                new Probe(route, () -> get(prefix + city.elder.key() + "/timeline"), Staff.KAIGO_CASEWORKER,
                        List.of(city.elder.name(), CARE_TEXT), null,
                        (staff, answer, f) -> lines(city.elder, r.care(), CARE_TEXT, MatrixCity.KAIGO, json,
                                staff, answer, f)));
    }

    private static void lines(MatrixCity.Resident person, long id, String text, String department, boolean json,
            Staff staff, Answer answer, Findings f) {
        if (!answered(f, answer)) {
            return;
        }
        boolean sees = staff.department.equals(department);
        f.that(answer.body().has(person.name()), "the person's name on their 経過");
        f.that(answer.body().has(text) == sees, (sees ? "" : "no ") + "account of record " + id + " on the 経過");
        if (!sees) {
            f.checked(department.equals(MatrixCity.KODOMO) ? "consultation hidden category not on the timeline"
                    : "consultation other department not on the timeline");
        }
        Expectations.oneAuditRow(f, answer, staff, "VIEW_PERSON", person.key(),
                Map.of("screen", "consultation.timeline." + (json ? "api" : "html")), null);
        f.that(answer.audit().isEmpty() || List.of(answer.audit().get(0).detail().getOrDefault("consultations", "")
                .split(",")).contains(Long.toString(id)) == sees, "the 経過's audit row names the records it showed");
    }

    private static void one(MatrixCity city, long id, MatrixCity.Resident person, String text, String department,
            boolean json, Staff staff, Answer answer, Findings f) {
        f.that(answer.failure() == null, "no exception: " + answer.failure());
        if (staff.department.equals(department)) {
            if (!answered(f, answer)) {
                return;
            }
            f.that(answer.body().has(text), "the account");
            f.that(answer.body().has(person.name()), "the person's name");
            f.that(answer.body().has(person.key()), "the person's key");
            Expectations.oneAuditRow(f, answer, staff, "VIEW_PERSON", person.key(),
                    Map.of("screen", "consultation." + (json ? "api" : "html"), "consultation", Long.toString(id)),
                    null);
            return;
        }
        f.checked(department.equals(MatrixCity.KODOMO) ? "consultation hidden category refused"
                : "consultation other department refused");
        f.that(answer.status() == 404, "404 for a record the department may not see, got " + answer.status());
        if (answer.body() != null) {
            f.that(!answer.body().has(text), "none of the account");
            f.that(!answer.body().has(person.name()), "not the person's name");
        }
        f.that(answer.audit().stream().noneMatch(a -> a.action().equals("VIEW_PERSON")), "no read recorded");
    }

    private static void both(MatrixCity city, Records r, Staff staff, Answer answer, Findings f) {
        boolean kodomo = staff.department.equals(MatrixCity.KODOMO);
        boolean kaigo = staff.department.equals(MatrixCity.KAIGO);
        f.that(answer.body().has(ABUSE_TEXT) == kodomo, (kodomo ? "" : "no ") + "児童虐待 account in the list");
        f.that(answer.body().has(city.parent.name()) == kodomo, (kodomo ? "" : "no ") + "児童虐待 person in the list");
        f.that(answer.body().has(CARE_TEXT) == kaigo, (kaigo ? "" : "no ") + "介護 account in the list");
        f.that(answer.body().has(city.elder.name()) == kaigo, (kaigo ? "" : "no ") + "介護 person in the list");
        if (!kodomo) {
            f.checked("consultation hidden category not found by search");
        }
    }

    private static String hits(Records r, Staff staff) {
        if (staff.department.equals(MatrixCity.KODOMO)) {
            return Long.toString(r.abuse());
        }
        return staff.department.equals(MatrixCity.KAIGO) ? Long.toString(r.care()) : "";
    }
}
