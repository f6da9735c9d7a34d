package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.documents.TestFiles;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Files and messages (添付・伝言): a photo of 介護保険課 for the elder and one for the 支援措置 victim, registered
 * through the upload route by a caseworker of 介護保険課, and a message to 介護保険課 about the elder. 介護保険課
 * sees its files (the victim's without content: no department of the matrix holds the 支援措置 permission); every
 * other department sees only that a file exists and whom to ask; the content routes answer 404 to them; the inbox
 * shows the message to 介護保険課 only. Each read is one audit row of the person.
 */
final class DocumentProbes {

    static final String TITLE = "マトリクス写真 ";
    static final String MESSAGE = "マトリクス伝言: 窓口で手すりの相談";

    private DocumentProbes() {
    }

    /** The two files and the message, made once per city through the application's own routes. */
    static synchronized void prepare(MatrixCity city, MockMvc mvc) throws Exception {
        for (MatrixCity.Resident person : List.of(city.elder, city.victim)) {
            if (documentOf(city, person).isEmpty()) {
                mvc.perform(multipart("/persons/" + person.key() + "/documents")
                        .file(new MockMultipartFile("files", "matrix.jpg", "image/jpeg",
                                TestFiles.photoWithGps(40, 30, 1, 5)))
                        .param("title", TITLE + person.key()).param("kind", "photo")
                        .header("Accept", "application/json").with(csrf()).with(Staff.KAIGO_CASEWORKER.login()));
            }
        }
        if (city.jdbc.sql("SELECT count(*) FROM message WHERE body = :b").param("b", MESSAGE).query(Long.class)
                .single() == 0) {
            mvc.perform(post("/messages").param("personKey", city.elder.key()).param("toDepartment", MatrixCity.KAIGO)
                    .param("body", MESSAGE).with(csrf()).with(Staff.MADOGUCHI_VIEWER.login()));
        }
    }

    static Optional<Long> documentOf(MatrixCity city, MatrixCity.Resident person) {
        return city.jdbc.sql("SELECT min(id) FROM document WHERE title = :t AND disposed_at IS NULL")
                .param("t", TITLE + person.key()).query(Long.class).optional();
    }

    /** The list, the overview's panel and the JSON list of each resident. */
    static List<Probe> lists(MatrixCity city, String route, String path, boolean json) {
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : city.residents()) {
            String url = path.replace("{personKey}", person.key());
            probes.add(new Probe(route, () -> get(url), Staff.KAIGO_CASEWORKER, List.of(person.name(), person.key()),
                    mvc -> prepare(city, mvc), (staff, answer, f) -> {
                        if (!answered(f, answer)) {
                            return;
                        }
                        boolean hasFile = person == city.elder || person == city.victim;
                        String title = TITLE + person.key();
                        boolean owner = staff.department.equals(MatrixCity.KAIGO);
                        f.checked("documents list " + (owner ? "owner" : "other department"));
                        if (hasFile && owner) {
                            f.that(answer.body().has(title), "the owner sees the title " + title);
                            if (city.withholdsWhereabouts(person)) {
                                f.that(answer.body().has(MatrixCity.HIDDEN), "the victim's file content withheld");
                                f.that(!answer.body().has("matrix.jpg"), "no file name of the victim's file");
                            }
                        } else {
                            f.that(!answer.body().has(title), "no title for " + staff + ": " + title);
                        }
                        if (hasFile && !owner) {
                            f.that(answer.body().has(json ? "EXISTS" : "ファイルあり"), "that a file exists");
                            f.that(answer.body().has("介護保険課"), "whom to ask: 介護保険課");
                        }
                        f.that(!answer.body().has(person.address()) || !city.withholdsWhereabouts(person),
                                "no address of a 支援措置 person");
                        // the overview's panel also shows the messages about the person that concern the viewer
                        boolean messages = path.endsWith("/panel") && person == city.elder
                                && (owner || staff == Staff.MADOGUCHI_VIEWER);
                        f.that(!path.endsWith("/panel") || answer.body().has(MESSAGE) == messages,
                                "the message about the elder on the panel of its sender and recipients only");
                        Answer views = new Answer(answer.status(), answer.redirect(), answer.body(), answer.audit()
                                .stream().filter(r -> !(messages && r.action().equals("MESSAGE"))).toList(), null);
                        f.that(!messages || answer.audit().stream().anyMatch(r -> r.action().equals("MESSAGE")
                                && person.key().equals(r.personKey())), "the messages shown are recorded");
                        Expectations.oneAuditRow(f, views, staff, "DOCUMENT_VIEW", person.key(), Map.of(),
                                person.addressProtected());
                    }));
        }
        return probes;
    }

    /** One file's page, its content shown and downloaded, and the JSON API's content. */
    static List<Probe> file(MatrixCity city, String route) {
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : List.of(city.elder, city.victim)) {
            probes.add(new Probe(route, () -> get(path(city, route, person)), Staff.KAIGO_CASEWORKER,
                    List.of(TITLE + person.key()), mvc -> prepare(city, mvc), (staff, answer, f) -> {
                        boolean owner = staff.department.equals(MatrixCity.KAIGO);
                        boolean page = route.equals("GET /documents/{documentId}");
                        boolean content = owner && !city.withholdsWhereabouts(person);
                        f.checked("document " + (page ? "page" : "content") + (content ? " shown" : " refused"));
                        if (page) {
                            if (!answered(f, answer)) {
                                return;
                            }
                            f.that(answer.body().has(TITLE + person.key()) == owner, "the title to the owner only");
                            f.that(owner || answer.body().has("ファイルあり"), "that a file exists, to the others");
                            Expectations.oneAuditRow(f, answer, staff, "DOCUMENT_VIEW", person.key(), Map.of(),
                                    person.addressProtected());
                        } else if (content) {
                            f.that(answer.status() == 200, "the owner gets the content, got " + answer.status());
                            Expectations.oneAuditRow(f, answer, staff,
                                    route.equals("GET /documents/{documentId}/content") ? "DOCUMENT_VIEW" : "DOWNLOAD",
                                    person.key(), Map.of(), person.addressProtected());
                        } else {
                            f.that(answer.status() == 404, "no content: 404, got " + answer.status());
                            f.that(answer.audit().isEmpty(), "nothing read, nothing recorded: " + answer.audit());
                        }
                    }));
        }
        return probes;
    }

    private static String path(MatrixCity city, String route, MatrixCity.Resident person) {
        String id = documentOf(city, person).map(String::valueOf).orElse("0");
        return route.substring(4).replace("{personKey}", person.key()).replace("{documentId}", id);
    }

    /** The inbox, as a page and as JSON: the message to 介護保険課 is shown there and nowhere else. */
    static List<Probe> inbox(MatrixCity city, String route, String path) {
        return List.of(new Probe(route, () -> get(path), Staff.KAIGO_CASEWORKER, List.of(MESSAGE),
                mvc -> prepare(city, mvc), (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    boolean recipient = staff.department.equals(MatrixCity.KAIGO);
                    boolean sender = staff == Staff.MADOGUCHI_VIEWER;
                    f.checked("inbox " + (recipient ? "recipient" : sender ? "sender" : "other"));
                    f.that(answer.body().has(MESSAGE) == (recipient || sender), "the message to its recipients and"
                            + " its sender only");
                    f.that(answer.body().has(city.elder.name()) == (recipient || sender), "the person's name likewise");
                    Expectations.oneAuditRow(f, answer, staff, "MESSAGE", null, Map.of("op", "inbox"), false);
                }));
    }

    /** The retention screen (administrators): nothing is due in the matrix's city (kept five years). */
    static List<Probe> retention(MatrixCity city, String route) {
        return List.of(new Probe(route, () -> get("/admin/documents/retention"), Staff.ADMIN, List.of(),
                mvc -> prepare(city, mvc), (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    f.that(answer.body().has("廃棄の時期が来たファイルはありません"), "nothing due");
                    for (MatrixCity.Resident person : city.residents()) {
                        f.that(!answer.body().has(person.name()), "no name of " + person.key());
                    }
                    f.that(answer.audit().isEmpty(), "nothing shown, nothing recorded: " + answer.audit());
                }));
    }
}
