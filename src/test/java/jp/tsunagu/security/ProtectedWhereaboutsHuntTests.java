package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hunt for a 支援措置 person's whereabouts (支援措置の所在の漏れを探す). On the demo city, for every
 * person a 支援措置 protects (the victims and the persons registered in their households), every value
 * of every protected kind of field (住所, 方書, 電話, 郵便番号, 世帯, 学校, 勤務先) is taken from every
 * source and from the master; then, as every demo user (none of whose departments holds the 支援措置
 * permission), every GET route the application registers (taken from its own handler mappings, so
 * that a new route is hunted too) is requested: for each protected person and household member, a
 * search by their name, kana, household members' names and address (also as a town filter), every
 * department list, its JSON and its CSV and Excel exports (also filtered and sorted by address), the
 * as-of view, and every other screen. No value may appear in any decoded body (HTML text, JSON, CSV,
 * the xlsx's cells), compared after NFKC and with spaces removed, so that a half-width or spaced copy
 * is caught; neither may a protected person appear in another's household list, nor be found by their
 * address. Then a department with the permission, and one user after 緊急閲覧, see the same values:
 * the hunted values are real.
 */
@SpringBootTest(properties = {
        "tsunagu.database.data-dir=target/test-pg-hunt",
        "tsunagu.importing.sources-dir=target/hunt-sources",
        "tsunagu.importing.inbox-dir=target/hunt-inbox",
        "tsunagu.demo.enabled=true",
        "tsunagu.demo.size=small",
        "tsunagu.demo.data-dir=target/hunt-demo"})
@ActiveProfiles("test")
@AutoConfigureMockMvc
class ProtectedWhereaboutsHuntTests {

    /** The demo's staff: none of their departments may see 支援措置 addresses. */
    static final List<String> DEMO_USERS = List.of("kanri", "kaigo", "shogai", "kodomo", "seikatsu", "madoguchi",
            "kansa");

    /** Route variables other than the person key, and where the hunt takes their values. */
    static final Map<String, String> VARIABLES = Map.of(
            "runId", "SELECT run_id::text FROM import_run ORDER BY run_id",
            "sourceId", "SELECT source_id FROM source ORDER BY source_id",
            "source", "SELECT source_id FROM source ORDER BY source_id",
            "username", "SELECT username FROM staff_account ORDER BY username",
            "department", "SELECT department_id FROM department ORDER BY department_id",
            "id", "SELECT department_id FROM department ORDER BY department_id",
            "documentId", "SELECT id::text FROM document ORDER BY id",
            "messageId", "SELECT id::text FROM message ORDER BY id",
            "consultationId", "SELECT id::text FROM consultation ORDER BY id",
            "district", "SELECT DISTINCT district_id FROM evac_person WHERE district_id IS NOT NULL ORDER BY 1");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    ApplicationContext context;
    @Autowired
    jp.tsunagu.access.StaffAccounts accounts;
    @Autowired
    jp.tsunagu.access.AccessPolicy access;
    @Autowired
    jp.tsunagu.documents.DocumentUpload uploads;

    private final JsonMapper json = JsonMapper.builder().build();

    /** A number hunted as a whole number, padded or not: compiled once per value, not once per body. */
    private final Map<String, Pattern> wholeNumbers = new java.util.HashMap<>();

    /** A protected person and what must not be seen of them. */
    record Protected(String personKey, String name, String kana, String householdKey, String address,
            Set<String> values, Set<String> labelled, Set<String> cardValues) {
    }

    /** A value found where it must not be. */
    record Leak(String user, String request, String person, String value) {
    }

    @Test
    void noDemoUserFindsAProtectedPersonsWhereaboutsOnAnyRouteButThePermittedDoAfterBreakGlass() throws Exception {
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0
                && jdbc.sql("SELECT count(*) FROM person").query(Long.class).single() > 0);
        Set<String> personKeys = new LinkedHashSet<>(jdbc.sql("SELECT person_key FROM person").query(String.class).list());
        List<Protected> persons = protectedPersons(personKeys);
        assertThat(persons.stream().filter(p -> p.values().contains(norm(p.address()))).count())
                .as("protected persons with an address to hunt").isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM person v JOIN person m ON m.household_key = v.household_key
                 WHERE v.support_measure AND m.person_key <> v.person_key AND m.registered""")
                .query(Long.class).single()).as("household members living with a 支援措置 person").isPositive();
        assertThat(persons.stream().mapToInt(p -> p.values().size()).sum())
                .as("program values of protected kinds beside the master's").isGreaterThan(persons.size() * 3);
        attachFormsWithTheirAddresses(persons);

        List<Leak> leaks = new ArrayList<>();
        List<String[]> routes = getRoutes();
        for (String user : DEMO_USERS) {
            // the screens without a person first: the audit screens show what users typed into the
            // search box, which the hunt types below
            for (String[] route : routes) {
                if (!route[0].contains("{personKey}") && !isSearch(route[0]) && !isDepartment(route[0])) {
                    for (String url : fill(route[0])) {
                        hunt(user, get(url), persons, personKeys, leaks, false);
                    }
                }
            }
            // persons of one household share names and an address: a search already hunted as this user
            // answers the same again, so it is sent once
            Set<String> searched = new LinkedHashSet<>();
            for (Protected p : persons) {
                for (String[] route : routes) {
                    if (route[0].contains("{personKey}")) {
                        for (String url : fillForPerson(route[0], p.personKey())) {
                            hunt(user, get(url), persons, personKeys, leaks, true);
                            if (route[0].startsWith("/persons/{personKey}") || route[0].endsWith("/overview")) {
                                hunt(user, get(url).param("asOf", LocalDate.now(ZoneId.of("Asia/Tokyo")).toString()),
                                        persons, personKeys, leaks, true);
                            }
                        }
                    }
                }
                for (String route : List.of("/search", "/api/v1/persons")) {
                    for (String q : nameSearches(p, persons)) {
                        MockHttpServletRequestBuilder byName = get(route).param("q", q);
                        if (searched.add(describe(byName))) {
                            hunt(user, byName, persons, personKeys, leaks, false);
                        }
                    }
                    // by where they live: not found at all
                    for (MockHttpServletRequestBuilder byAddress : addressSearches(route, p)) {
                        if (!searched.add(describe(byAddress))) {
                            continue;
                        }
                        String body = hunt(user, byAddress, persons, personKeys, leaks, false);
                        persons.stream().filter(o -> body.contains(o.personKey())).forEach(o -> leaks.add(
                                new Leak(user, describe(byAddress), o.personKey(), "found by address")));
                    }
                }
            }
            int pages = departmentPages(user);
            for (String[] route : routes) {
                if (isDepartment(route[0])) {
                    for (MockHttpServletRequestBuilder request : departmentRequests(route[0], pages, persons)) {
                        hunt(user, request, persons, personKeys, leaks, false);
                    }
                }
            }
        }
        // the whole list for whoever reads a failure: one line a leak
        java.nio.file.Files.write(java.nio.file.Path.of("target", "protected-whereabouts-leaks.txt"),
                leaks.stream().map(Leak::toString).toList(), StandardCharsets.UTF_8);
        assertThat(leaks).as("where a protected person's whereabouts showed (all %d in target/"
                + "protected-whereabouts-leaks.txt)", leaks.size()).isEmpty();

        permittedDepartmentSeesThem(persons);
        breakGlassShowsOnePersonToOneUser(persons.stream().filter(p -> !p.cardValues().isEmpty()).findFirst()
                .orElseThrow());
        // last: it gives a demo department the permission the checks above rely on it not having
        permittedOwnerReadsTheForms(persons);
    }

    /** A department with the permission sees the values the hunt looked for: they are real. */
    private void permittedDepartmentSeesThem(List<Protected> persons) throws Exception {
        accounts.saveDepartment("shien-hunt", "支援措置担当", "内線 1999");
        accounts.save("hunt-shien", "支援 担当", "hunt-password-123", jp.tsunagu.access.Role.CASEWORKER, "shien-hunt");
        access.allowProtectedAddresses("kanri", "shien-hunt", true);
        for (Protected p : persons) {
            String page = norm(text(mvc.perform(get("/persons/" + p.personKey()).with(user("hunt-shien")))
                    .andReturn().getResponse()));
            if (p.address() != null) {
                assertThat(page).as("the permitted see " + p.personKey() + "'s address").contains(norm(p.address()));
            }
            String found = norm(text(mvc.perform(get("/api/v1/persons").param("q", short_(p.address()))
                    .with(user("hunt-shien"))).andReturn().getResponse()));
            assertThat(found).as("the permitted find " + p.personKey() + " by address").contains(p.personKey());
        }
    }

    /** After 緊急閲覧 with a reason, one user sees that one person's whereabouts, flagged to auditors. */
    private void breakGlassShowsOnePersonToOneUser(Protected p) throws Exception {
        mvc.perform(post("/persons/" + p.personKey() + "/break-glass")
                .param("reason", "本人の安否確認が急ぎ必要なため (テスト)").with(user("kodomo")).with(csrf()));
        String after = norm(text(mvc.perform(get("/persons/" + p.personKey()).with(user("kodomo"))).andReturn()
                .getResponse()));
        assertThat(after).contains(norm(p.address())).doesNotContain(norm("（支援措置のため非表示）"));
        assertThat(p.cardValues()).as("program values of a protected kind to see").isNotEmpty();
        for (String value : p.cardValues()) {
            assertThat(after).as("kodomo after break-glass sees " + value).contains(value);
        }
        String other = norm(text(mvc.perform(get("/persons/" + p.personKey()).with(user("kaigo"))).andReturn()
                .getResponse()));
        assertThat(other).as("only for the one who asked").doesNotContain(norm(p.address()));
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'BREAK_GLASS' AND actor = 'kodomo'
                   AND person_key = :k AND flagged""").param("k", p.personKey()).query(Long.class).single())
                .isEqualTo(1);
    }

    /**
     * Every person a 支援措置 protects — the persons with the measure and those registered in their
     * households, decided here from the registry, not from the application's own flag — with the
     * values of every field of a protected kind in every source, and the master's address, 方書,
     * 郵便番号 and 世帯番号.
     */
    private List<Protected> protectedPersons(Set<String> personKeys) {
        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT p.person_key, p.name, p.kana, p.household_key, p.address, p.address_detail FROM person p
                 WHERE p.support_measure
                    OR (p.registered AND p.household_key IN (SELECT household_key FROM person
                                                              WHERE support_measure AND registered))
                 ORDER BY p.support_measure DESC, p.household_key, p.person_key""").query().listOfRows();
        List<Protected> persons = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String key = (String) row.get("person_key");
            Set<String> values = new LinkedHashSet<>();
            Set<String> labelled = new LinkedHashSet<>();
            Set<String> cardValues = new LinkedHashSet<>();
            add(values, (String) row.get("address"));
            add(values, short_((String) row.get("address")));
            add(values, (String) row.get("address_detail"));
            add(values, (String) row.get("household_key"));
            for (Map<String, Object> record : jdbc.sql("SELECT source_id, data::text AS data FROM source_record WHERE person_key = :k")
                    .param("k", key).query().listOfRows()) {
                SourceDefinition source = catalog.get((String) record.get("source_id"));
                JsonNode data = json.readTree((String) record.get("data"));
                for (FieldDefinition f : source.fields()) {
                    if (f.revealsWhereabouts() && data.hasNonNull(f.name())) {
                        String value = data.get(f.name()).asString();
                        add(values, value);
                        if (f.kind() == jp.tsunagu.importing.FieldKind.ADDRESS) {
                            add(values, short_(value));
                        }
                        labelled.add(norm(f.label() + ":" + value));
                        if (!source.role().isMaster()) {
                            cardValues.add(norm(value));
                        }
                    }
                }
            }
            // a value that is also a person's key (a guardian's 宛名番号) is hunted with its label in lists,
            // where that person may rightly appear on their own row
            persons.add(new Protected(key, (String) row.get("name"), (String) row.get("kana"),
                    (String) row.get("household_key"), (String) row.get("address"), values, labelled, cardValues));
        }
        return persons;
    }

    private static void add(Set<String> values, String value) {
        if (value != null && norm(value).length() >= 3) {
            values.add(norm(value));
        }
    }

    /** The searches that find a protected person by name or key (and would place them): name, kana, members' names. */
    private List<String> nameSearches(Protected p, List<Protected> all) {
        List<String> q = new ArrayList<>();
        q.add(p.name());
        q.add(p.kana());
        q.add(surname(p.name()));
        q.add(p.personKey());
        all.stream().filter(o -> p.householdKey() != null && p.householdKey().equals(o.householdKey()))
                .forEach(o -> q.add(o.name()));
        return q.stream().filter(s -> s != null && !s.isBlank()).distinct().toList();
    }

    /** The searches by where the person lives: the address whole and from the 町丁目, the town, a name with the town. */
    private List<MockHttpServletRequestBuilder> addressSearches(String route, Protected p) {
        if (p.address() == null) {
            return List.of();
        }
        List<MockHttpServletRequestBuilder> requests = new ArrayList<>();
        for (String q : new LinkedHashSet<>(List.of(p.address(), short_(p.address()), town(p.address()),
                surname(p.name()) + " " + town(p.address()), surname(p.name()) + " " + short_(p.address())))) {
            requests.add(get(route).param("q", q));
        }
        requests.add(get(route).param("q", surname(p.name())).param("town", town(p.address())));
        return requests;
    }

    /**
     * How many pages the user's own department list has: the API's count, checked against the screen's
     * rule that a page beyond the last shows the last (so that no page past it shows anything else).
     */
    private int departmentPages(String user) throws Exception {
        JsonNode first = json.readTree(mvc.perform(get("/api/v1/department/persons").with(user(user))).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8));
        int pages = Math.max(1, first.get("pages").asInt());
        JsonNode beyond = json.readTree(mvc.perform(get("/api/v1/department/persons")
                .param("page", Integer.toString(pages + 5)).with(user(user))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(beyond.get("page").asInt()).as(user + ": a page beyond the last of " + pages + " shows the last")
                .isEqualTo(pages);
        assertThat(beyond.get("total").asLong()).as(user + ": the same list beyond the last")
                .isEqualTo(first.get("total").asLong());
        return pages;
    }

    /**
     * The department routes: every source the user may list, plain, by the person's town, and by address;
     * and every page of the user's own list, and the one after the last (which shows the last again).
     */
    private List<MockHttpServletRequestBuilder> departmentRequests(String route, int lastPage, List<Protected> persons) {
        List<MockHttpServletRequestBuilder> requests = new ArrayList<>();
        List<String> sources = jdbc.sql("SELECT source_id FROM source ORDER BY source_id").query(String.class).list();
        Set<String> towns = new TreeSet<>();
        persons.stream().map(Protected::address).filter(a -> a != null).forEach(a -> towns.add(town(a)));
        for (String source : sources) {
            requests.add(get(route).param("source", source));
            requests.add(get(route).param("source", source).param("sort", "address"));
            for (String town : towns) {
                requests.add(get(route).param("source", source).param("town", town));
            }
        }
        if (!route.contains("export")) {
            // the pages of the department's own list
            for (int page = 2; page <= lastPage + 1; page++) {
                requests.add(get(route).param("page", Integer.toString(page)));
            }
        }
        requests.add(get(route));
        return requests;
    }

    /**
     * Requests and hunts: every protected value (and, on a person's own page, every other member's
     * key: a household link) must be absent from the decoded body.
     *
     * @return the decoded body (normalised, with what the user typed still in it)
     */
    private String hunt(String user, MockHttpServletRequestBuilder request, List<Protected> persons,
            Set<String> personKeys, List<Leak> leaks, boolean personPage) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(user))).andReturn().getResponse();
        assertThat(response.getStatus()).as(describe(request) + " as " + user).isLessThan(500);
        String uri = describe(request);
        // what the user typed comes back (the search box, the filters): that is no leak
        String decoded = norm(text(response));
        String echoed = decoded;
        var sent = request.buildRequest(new org.springframework.mock.web.MockServletContext()).getParameterMap();
        for (String[] values : sent.values()) {
            for (String value : values) {
                if (norm(value).length() >= 2) {
                    echoed = echoed.replace(norm(value), " ");
                }
            }
        }
        String body = echoed;
        // persons of one household share values (the address, the 世帯番号): each is looked for once
        Map<String, Boolean> foundValues = new java.util.HashMap<>();
        Map<String, Boolean> foundLabelled = new java.util.HashMap<>();
        for (Protected p : persons) {
            for (String value : p.values()) {
                if (foundValues.computeIfAbsent(value, v -> leaksIn(body, v, uri, personKeys, personPage))) {
                    leaks.add(new Leak(user, uri, p.personKey(), value));
                }
            }
            for (String value : p.labelled()) {
                if (foundLabelled.computeIfAbsent(value, body::contains)) {
                    leaks.add(new Leak(user, uri, p.personKey(), value));
                }
            }
            if (personPage && uri.contains(p.personKey())) {
                // on a protected person's page, nobody of their household is linked
                persons.stream().filter(o -> !o.personKey().equals(p.personKey()) && o.householdKey() != null
                        && o.householdKey().equals(p.householdKey()))
                        .filter(o -> body.contains(o.personKey()))
                        .forEach(o -> leaks.add(new Leak(user, uri, p.personKey(), "household member " + o.personKey())));
            }
        }
        return decoded;
    }

    /** Whether a protected value shows in a body where it must not. */
    private boolean leaksIn(String body, String value, String uri, Set<String> personKeys, boolean personPage) {
        // a number (世帯番号, a guardian's 宛名番号) is found as a whole number, padded or not
        boolean number = value.matches("\\d{1,10}");
        String padded = number ? "0".repeat(10 - value.length()) + value : value;
        boolean found = number ? wholeNumbers.computeIfAbsent(value, v -> Pattern.compile(
                "(?<!\\d)0*" + v.replaceFirst("^0+", "") + "(?!\\d)")).matcher(body).find() : body.contains(value);
        // a person's key may rightly show on that person's own row or page, never on another's page
        boolean aPersonKey = personKeys.contains(padded);
        return found && (!aPersonKey || personPage && !uri.contains(padded));
    }

    private static String describe(MockHttpServletRequestBuilder request) {
        var built = request.buildRequest(new org.springframework.mock.web.MockServletContext());
        return built.getRequestURI() + (built.getQueryString() == null ? "" : "?" + built.getQueryString())
                + (built.getParameterMap().isEmpty() ? "" : " " + paramsOf(built.getParameterMap()));
    }

    private static String paramsOf(Map<String, String[]> params) {
        Map<String, String> flat = new LinkedHashMap<>();
        params.forEach((k, v) -> flat.put(k, String.join(",", v)));
        return flat.toString();
    }

    /** The body as text: HTML without tags, JSON and CSV as they are, an xlsx's cells. */
    private static String text(MockHttpServletResponse response) throws Exception {
        String type = response.getContentType() == null ? "" : response.getContentType();
        byte[] bytes = response.getContentAsByteArray();
        if (type.contains("spreadsheetml")) {
            // read as a stream, each cell as the sheet formats it (a number as stored where it has no format):
            // the exports are read hundreds of times, and a whole workbook in memory costs more
            StringBuilder cells = new StringBuilder();
            try (OPCPackage xlsx = OPCPackage.open(new ByteArrayInputStream(bytes))) {
                XSSFReader reader = new XSSFReader(xlsx);
                ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(xlsx);
                StylesTable styles = reader.getStylesTable();
                XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
                while (sheets.hasNext()) {
                    try (InputStream sheet = sheets.next()) {
                        XMLReader parser = XMLHelper.newXMLReader();
                        parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings,
                                new XSSFSheetXMLHandler.SheetContentsHandler() {
                                    @Override
                                    public void startRow(int rowNum) {
                                    }

                                    @Override
                                    public void endRow(int rowNum) {
                                        cells.append('\n');
                                    }

                                    @Override
                                    public void cell(String reference, String value, XSSFComment comment) {
                                        cells.append(value).append('\t');
                                    }
                                }, new DataFormatter(), false));
                        parser.parse(new InputSource(sheet));
                    }
                }
            }
            return cells.toString();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (type.contains("html")) {
            return text + "\n" + text.replaceAll("<[^>]*>", "");
        }
        return text;
    }

    /** NFKC, no spaces: a half-width or spaced copy is the same value. */
    static String norm(String s) {
        return s == null ? "" : Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("[\\s\\u3000]+", "");
    }

    /** The address from the 町丁目 on (埼玉県狭山市中央四丁目17番3号 → 中央四丁目17番3号). */
    static String short_(String address) {
        if (address == null) {
            return null;
        }
        Matcher m = Pattern.compile("^(?:.+?[都道府県])?(?:.+?[市区町村])?(.+)$").matcher(address);
        return m.matches() ? m.group(1) : address;
    }

    /** The 町丁目 of an address (中央四丁目). */
    static String town(String address) {
        String rest = short_(address);
        Matcher m = Pattern.compile("^(.+?(?:丁目|[0-9０-９]+番|$))").matcher(rest);
        String town = m.find() ? m.group(1).replaceAll("[0-9０-９]+番$", "") : rest;
        return town.isBlank() ? rest : town;
    }

    private static String surname(String name) {
        return name == null ? null : name.split("[ \\u3000]")[0];
    }

    private static boolean isSearch(String route) {
        return route.equals("/search") || route.equals("/api/v1/persons");
    }

    private static boolean isDepartment(String route) {
        return route.startsWith("/department") || route.startsWith("/api/v1/department");
    }

    /** Every GET route the application registers (its own handler mappings). */
    private List<String[]> getRoutes() {
        List<String[]> routes = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                    continue;
                }
                for (String pattern : info.getPatternValues()) {
                    if (!pattern.contains("**") && !pattern.startsWith("/actuator") && !pattern.startsWith("/error")) {
                        routes.add(new String[] {pattern});
                    }
                }
            }
        }
        assertThat(routes.stream().map(r -> r[0])).as("the routes that return personal data are among those hunted")
                .contains("/persons/{personKey}", "/api/v1/persons/{personKey}/overview", "/search", "/api/v1/persons",
                        "/department", "/department/export.csv", "/department/export.xlsx",
                        "/api/v1/department/persons", "/admin/quality/duplicates");
        return routes;
    }

    /** The URLs of a route with variables other than the person key, filled with every value there is. */
    /**
     * A person route with the person's key in it, and its other variables filled: a file of a person route is one of
     * that person's files (another person's answers 404 and would hunt nothing).
     */
    private List<String> fillForPerson(String pattern, String personKey) {
        String url = pattern.replace("{personKey}", personKey);
        if (!url.contains("{documentId}")) {
            return fill(url);
        }
        List<String> ids = jdbc.sql("SELECT id::text FROM document WHERE person_key = :k ORDER BY id")
                .param("k", personKey).query(String.class).list();
        List<String> urls = new ArrayList<>();
        for (String id : ids) {
            urls.addAll(fill(url.replace("{documentId}", id)));
        }
        return urls;
    }

    /**
     * A copy of an application form with the person's address on it, registered by 介護保険課 to every protected
     * person with an address: its content is what the hunt must not find on the files' routes (the owning
     * department included: it lacks the 支援措置 permission). Its title names no place.
     */
    private void attachFormsWithTheirAddresses(List<Protected> persons) {
        jp.tsunagu.access.Viewer kaigo = access.viewer("kaigo");
        for (Protected p : persons) {
            if (p.address() != null) {
                uploads.upload(kaigo, new jp.tsunagu.documents.NewDocument(p.personKey(), "申請書の写し", "application",
                        null, null, null, false), "shinsei.txt",
                        ("介護保険 申請書の写し\n住所: " + p.address() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM document").query(Long.class).single())
                .as("files to hunt in").isPositive();
    }

    /** The owning department, once given the 支援措置 permission, reads the forms the hunt did not find: they are real. */
    private void permittedOwnerReadsTheForms(List<Protected> persons) throws Exception {
        access.allowProtectedAddresses("kanri", "kaigo", true);
        for (Protected p : persons) {
            for (String id : jdbc.sql("SELECT id::text FROM document WHERE person_key = :k").param("k", p.personKey())
                    .query(String.class).list()) {
                String content = norm(text(mvc.perform(get("/api/v1/persons/" + p.personKey() + "/documents/" + id
                        + "/content").with(user("kaigo"))).andReturn().getResponse()));
                assertThat(content).as("kaigo with the permission reads " + p.personKey() + "'s form")
                        .contains(norm(p.address()));
            }
        }
    }

    private List<String> fill(String pattern) {
        List<String> urls = List.of(pattern);
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(pattern);
        while (m.find()) {
            String variable = m.group(1);
            String query = VARIABLES.get(variable);
            assertThat(query).as("the hunt knows how to fill {" + variable + "} of " + pattern).isNotNull();
            List<String> values = jdbc.sql(query).query(String.class).list();
            List<String> next = new ArrayList<>();
            for (String url : urls) {
                for (String value : values) {
                    next.add(url.replace("{" + variable + "}", value));
                }
            }
            urls = next;
        }
        return urls;
    }
}
