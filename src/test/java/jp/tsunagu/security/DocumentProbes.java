package jp.tsunagu.security;

import static jp.tsunagu.security.Expectations.answered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tsunagu.documents.TestFiles;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Files and messages (添付・伝言), made through the upload route: 介護保険課 registers a photo and a visit note
 * (訪問記録, text) to the elder and a photo to the 支援措置 victim, こども支援課 a visit note to the parent, and
 * 介護保険課 a note about the elder whose keep-for period (保存年限) has run out; the companion has no file. 総合窓口課
 * sends a message to 介護保険課 about the elder. The owning department sees its files (the victim's without
 * content: no department of the matrix holds the 支援措置 permission, and ProtectedWhereaboutsHuntTests hunts that
 * content on every file route); every other department sees only that a file exists and whom to ask; the content
 * routes answer 404 to them; the inbox shows the message to 介護保険課 and its sender only; the retention screen
 * shows the note that is due to the administrators. Each read is one audit row.
 *
 * <p>Each probe's personal values are what its answer carries for the probed person when all works (a title, a
 * key, a note's words), so that the audit-unavailable matrix has real data to see withheld.
 */
final class DocumentProbes {

    static final String TITLE = "マトリクス写真 ";
    static final String NOTE_TITLE = "マトリクス訪問記録 ";
    static final String NOTE = "訪問メモ: 階段に手すりが必要 ";
    static final String DUE_TITLE = "マトリクス保存年限切れ ";
    static final String MESSAGE = "マトリクス伝言: 窓口で手すりの相談";

    /** A file of the city: whose, which department registers it, its title and content. */
    private record CityFile(MatrixCity.Resident person, Staff by, String title, String kind, String name,
            String type, byte[] content) {
    }

    private DocumentProbes() {
    }

    private static List<CityFile> files(MatrixCity city) {
        return List.of(
                photo(city.elder), photo(city.victim),
                note(city.elder, Staff.KAIGO_CASEWORKER, NOTE_TITLE, "visit"),
                note(city.parent, Staff.KODOMO_CASEWORKER, NOTE_TITLE, "visit"),
                note(city.elder, Staff.KAIGO_CASEWORKER, DUE_TITLE, "other"));
    }

    private static CityFile photo(MatrixCity.Resident person) {
        return new CityFile(person, Staff.KAIGO_CASEWORKER, TITLE + person.key(), "photo", "matrix.jpg", "image/jpeg",
                TestFiles.photoWithGps(40, 30, 1, 5));
    }

    private static CityFile note(MatrixCity.Resident person, Staff by, String title, String kind) {
        return new CityFile(person, by, title + person.key(), kind, "note.txt", "text/plain",
                (NOTE + title + person.key() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The files and the message, made once per city through the application's own routes. */
    static synchronized void prepare(MatrixCity city, MockMvc mvc) throws Exception {
        for (CityFile file : files(city)) {
            if (documentOf(city, file.title()).isEmpty()) {
                int status = mvc.perform(multipart("/persons/" + file.person().key() + "/documents")
                        .file(new MockMultipartFile("files", file.name(), file.type(), file.content()))
                        .param("title", file.title()).param("kind", file.kind())
                        .header("Accept", "application/json").with(csrf()).with(file.by().login()))
                        .andReturn().getResponse().getStatus();
                assertThat(status).as("the matrix city's file " + file.title() + " registered").isLessThan(300);
            }
        }
        // the note's keep-for period has run out, as years would have made it: due for disposal today
        city.jdbc.sql("UPDATE document SET keep_until = current_date - 30 WHERE title = :t AND disposed_at IS NULL")
                .param("t", DUE_TITLE + city.elder.key()).update();
        if (city.jdbc.sql("SELECT count(*) FROM message WHERE body = :b").param("b", MESSAGE).query(Long.class)
                .single() == 0) {
            mvc.perform(post("/messages").param("personKey", city.elder.key()).param("toDepartment", MatrixCity.KAIGO)
                    .param("body", MESSAGE).with(csrf()).with(Staff.MADOGUCHI_VIEWER.login()));
        }
    }

    static Optional<Long> documentOf(MatrixCity city, String title) {
        return city.jdbc.sql("SELECT min(id) FROM document WHERE title = :t AND disposed_at IS NULL")
                .param("t", title).query(Long.class).optional();
    }

    /** The department whose files the person has (one department each in this city), if any. */
    private static Optional<Staff> owner(MatrixCity city, MatrixCity.Resident person) {
        return files(city).stream().filter(f -> f.person() == person).map(CityFile::by).findFirst();
    }

    /** The titles of the person's files. */
    private static List<String> titles(MatrixCity city, MatrixCity.Resident person) {
        return files(city).stream().filter(f -> f.person() == person).map(CityFile::title).toList();
    }

    /**
     * The list, the overview's panel and the JSON list of each resident. What each carries for the owner: the
     * files' titles, and the person's key where the answer names it (the page's header, the JSON's personKey);
     * the page also names the person. The panel names neither: it sits under the overview's own header.
     */
    static List<Probe> lists(MatrixCity city, String route, String path, boolean json) {
        List<Probe> probes = new ArrayList<>();
        boolean panel = path.endsWith("/panel");
        for (MatrixCity.Resident person : city.residents()) {
            String url = path.replace("{personKey}", person.key());
            Optional<Staff> owner = owner(city, person);
            List<String> titles = titles(city, person);
            List<String> personal = new ArrayList<>(titles);
            if (!panel) {
                personal.add(person.key());
            }
            if (!panel && !json) {
                personal.add(person.name());
            }
            probes.add(new Probe(route, () -> get(url), owner.orElse(Staff.KAIGO_CASEWORKER), personal,
                    mvc -> prepare(city, mvc), (staff, answer, f) -> {
                        if (!answered(f, answer)) {
                            return;
                        }
                        boolean owns = owner.isPresent() && staff.department.equals(owner.get().department);
                        f.checked("documents list " + (owns ? "owner" : "other department"));
                        for (String title : titles) {
                            f.that(answer.body().has(title) == owns, (owns ? "" : "no ") + "title " + title
                                    + " for " + staff);
                        }
                        if (owns && city.withholdsWhereabouts(person)) {
                            f.that(answer.body().has(MatrixCity.HIDDEN), "the victim's file content withheld");
                            f.that(!answer.body().has("matrix.jpg"), "no file name of the victim's file");
                        }
                        if (owner.isPresent() && !owns) {
                            f.that(answer.body().has(json ? "EXISTS" : "ファイルあり"), "that a file exists");
                            f.that(answer.body().has(departmentName(city, owner.get())),
                                    "whom to ask: " + departmentName(city, owner.get()));
                        }
                        if (owner.isEmpty()) {
                            f.that(!answer.body().has("ファイルあり") && !answer.body().has("EXISTS"),
                                    "no file of anyone for a person without files");
                        }
                        f.that(!answer.body().has(person.address()) || !city.withholdsWhereabouts(person),
                                "no address of a 支援措置 person");
                        // the overview's panel also shows the messages about the person that concern the viewer
                        boolean messages = panel && person == city.elder
                                && (staff.department.equals(MatrixCity.KAIGO) || staff == Staff.MADOGUCHI_VIEWER);
                        f.that(!panel || answer.body().has(MESSAGE) == messages,
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

    private static String departmentName(MatrixCity city, Staff staff) {
        return city.jdbc.sql("SELECT name FROM department WHERE department_id = :d").param("d", staff.department)
                .query(String.class).single();
    }

    /** One file's page: the photos of the elder and of the victim, their titles to 介護保険課 only. */
    static List<Probe> page(MatrixCity city, String route) {
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : List.of(city.elder, city.victim)) {
            String title = TITLE + person.key();
            probes.add(new Probe(route, () -> get(path(city, route, person, title)), Staff.KAIGO_CASEWORKER,
                    List.of(title), mvc -> prepare(city, mvc), (staff, answer, f) -> {
                        if (!answered(f, answer)) {
                            return;
                        }
                        boolean owner = staff.department.equals(MatrixCity.KAIGO);
                        f.checked("document page" + (owner ? " shown" : " exists only"));
                        f.that(answer.body().has(title) == owner, "the title to the owner only");
                        f.that(owner || answer.body().has("ファイルあり"), "that a file exists, to the others");
                        f.that(!owner || !city.withholdsWhereabouts(person) || answer.body().has(MatrixCity.HIDDEN),
                                "the victim's file content withheld on its page");
                        Expectations.oneAuditRow(f, answer, staff, "DOCUMENT_VIEW", person.key(), Map.of(),
                                person.addressProtected());
                    }));
        }
        return probes;
    }

    /**
     * A file's content, shown, downloaded and through the API: the visit notes of the elder (介護保険課) and of the
     * parent (こども支援課), whose words are the content; to every other department 404 and nothing recorded.
     */
    static List<Probe> content(MatrixCity city, String route) {
        List<Probe> probes = new ArrayList<>();
        for (MatrixCity.Resident person : List.of(city.elder, city.parent)) {
            String title = NOTE_TITLE + person.key();
            String words = NOTE + title;
            Staff owner = owner(city, person).orElseThrow();
            probes.add(new Probe(route, () -> get(path(city, route, person, title)), owner, List.of(words),
                    mvc -> prepare(city, mvc), (staff, answer, f) -> {
                        boolean owns = staff.department.equals(owner.department);
                        f.checked("document content" + (owns ? " shown" : " refused"));
                        f.that(answer.failure() == null, "no exception: " + answer.failure());
                        if (owns) {
                            f.that(answer.status() == 200, "the owner gets the content, got " + answer.status());
                            f.that(answer.body() != null && answer.body().has(words), "the note's words: " + words);
                            Expectations.oneAuditRow(f, answer, staff,
                                    route.equals("GET /documents/{documentId}/content") ? "DOCUMENT_VIEW" : "DOWNLOAD",
                                    person.key(), Map.of(), person.addressProtected());
                        } else {
                            f.that(answer.status() == 404, "no content: 404, got " + answer.status());
                            f.that(answer.body() == null || !answer.body().has(words), "none of the note's words");
                            f.that(answer.audit().isEmpty(), "nothing read, nothing recorded: " + answer.audit());
                        }
                    }));
        }
        return probes;
    }

    private static String path(MatrixCity city, String route, MatrixCity.Resident person, String title) {
        String id = documentOf(city, title).map(String::valueOf).orElse("0");
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

    /**
     * The retention screen (administrators): the elder's note whose keep-for period has run out is due, shown by
     * its title and the person's key (the screen names no one), and the look is recorded with the files shown.
     */
    static List<Probe> retention(MatrixCity city, String route) {
        String title = DUE_TITLE + city.elder.key();
        return List.of(new Probe(route, () -> get("/admin/documents/retention"), Staff.ADMIN,
                List.of(title, city.elder.key()), mvc -> prepare(city, mvc), (staff, answer, f) -> {
                    if (!answered(f, answer)) {
                        return;
                    }
                    String due = documentOf(city, title).map(String::valueOf).orElse("none");
                    f.that(answer.body().has(title) && answer.body().has(city.elder.key()),
                            "the due note and whose it is: " + title);
                    f.that(!answer.body().has(TITLE + city.elder.key()) && !answer.body().has(NOTE_TITLE
                            + city.elder.key()), "no file that is not due");
                    for (MatrixCity.Resident person : city.residents()) {
                        f.that(!answer.body().has(person.name()), "no name of " + person.key());
                    }
                    Expectations.oneAuditRow(f, answer, staff, "DOCUMENT_VIEW", null,
                            Map.of("screen", "retention-due", "documents", due), false);
                }));
    }
}
