package jp.tsunagu.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Need-to-know for files and messages through the routes, HTML and JSON: the department a file belongs to sees it,
 * another department sees only that it exists and whom to ask — unless the file is shared, a grant for its program
 * allows the detail, or 緊急閲覧 is open; a 支援措置 person's file content is shown to no one without the permission,
 * the owning department included; every upload, view and download is in the audit trail. Messages are read and
 * acknowledged by the recipient department, the sender sees when, an overdue urgent one reaches the department's
 * head, and none can be changed. Files due by their keep-for period are disposed of with a record.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-documents-access",
        "tsunagu.documents.files-dir=target/test-documents/access-files-${random.uuid}",
        "tsunagu.documents.key-file=target/test-documents/access.key",
        "tsunagu.documents.urgent-after=0s",
        "tsunagu.documents.kinds[0].id=photo", "tsunagu.documents.kinds[0].label=写真",
        "tsunagu.documents.kinds[0].keep-years=5",
        "tsunagu.documents.kinds[1].id=medical", "tsunagu.documents.kinds[1].label=診断書",
        "tsunagu.documents.kinds[1].keep-years=5",
        "tsunagu.documents.kinds[2].id=memo", "tsunagu.documents.kinds[2].label=一時メモ",
        "tsunagu.documents.kinds[2].keep-years=0",
        "tsunagu.documents.department-heads.doc-kaigo=doc-head"})
class DocumentAccessTests {

    static final String HIDDEN = "（支援措置のため非表示）";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    SourceCatalog catalog;

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final String source = "doc-care-" + tag;
    String person;
    String victim;

    @BeforeAll
    void departmentsStaffAndPersons() {
        accounts.saveDepartment("doc-kaigo", "介護保険課", "2345");
        accounts.saveDepartment("doc-kodomo", "こども支援課", "2410");
        accounts.saveDepartment("doc-shimin", "市民課", "1210");
        accounts.saveDepartment("doc-dv", "市民課 支援措置窓口", "1299");
        accounts.saveDepartment("doc-granted", "地域包括支援センター", "2399");
        accounts.save("doc-kaigo-w", "介護 花子", "pw-123456789", Role.CASEWORKER, "doc-kaigo");
        accounts.save("doc-head", "介護 課長", "pw-123456789", Role.CASEWORKER, "doc-kaigo");
        accounts.save("doc-kodomo-w", "子供 三郎", "pw-123456789", Role.CASEWORKER, "doc-kodomo");
        accounts.save("doc-kodomo-bg", "子供 緊急", "pw-123456789", Role.CASEWORKER, "doc-kodomo");
        accounts.save("doc-madoguchi", "窓口 五子", "pw-123456789", Role.VIEWER, "doc-shimin");
        accounts.save("doc-dv-w", "支援 措置子", "pw-123456789", Role.CASEWORKER, "doc-dv");
        accounts.save("doc-granted-w", "包括 一郎", "pw-123456789", Role.CASEWORKER, "doc-granted");
        accounts.save("doc-admin", "管理 太郎", "pw-123456789", Role.ADMIN, "doc-shimin");
        access.allowProtectedAddresses("doc-admin", "doc-dv", true);
        catalog.register(source, """
                name: 要介護認定 (添付試験)
                program: 介護保険
                department: {id: doc-kaigo, name: 介護保険課, contact: 内線 2345}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: level, column: 要介護度, label: 要介護度}
                """);
        access.grant("doc-admin", "doc-granted", source, GrantLevel.DETAIL, false);
        person = Residents.add(jdbc, "添付 太郎", "狭山市入間川一丁目", false);
        victim = Residents.add(jdbc, "保護 花子", "狭山市秘密町9-9", true);
    }

    @Test
    void theOwnerSeesItsFileAndAnotherDepartmentOnlyThatItExistsAndWhomToAsk() throws Exception {
        // a person of this test's own: another test's shared file of the class's person would show its thumbnail
        String person = Residents.add(jdbc, "添付 一郎", "狭山市入間川二丁目", false);
        String title = "階段の写真 " + tag;
        long mark = AuditRows.mark(jdbc);
        long id = uploadJson("doc-kaigo-w", person, title, "photo", null, false, "stairs.jpg",
                TestFiles.photoWithGps(80, 60, 1, 3));

        String owner = html("/persons/" + person + "/documents", "doc-kaigo-w");
        assertThat(owner).contains(title, "data:image/jpeg;base64,", "/documents/" + id).doesNotContain("ファイルあり — 担当");
        String other = html("/persons/" + person + "/documents", "doc-kodomo-w");
        assertThat(text(other)).contains("ファイルあり — 担当: 介護保険課 (内線 2345)");
        assertThat(other)
                .doesNotContain(title, "stairs.jpg", "data:image/jpeg", "/documents/" + id + "\"");

        JsonNode mine = document(json("/api/v1/persons/" + person + "/documents", "doc-kaigo-w"), id);
        assertThat(mine.path("seen").asString()).isEqualTo("FULL");
        assertThat(field(mine, "title").path("value").asString()).isEqualTo(title);
        assertThat(field(mine, "kind").path("value").path("code").asString()).isEqualTo("photo");
        assertThat(field(mine, "size").path("value").isNumber()).isTrue();
        assertThat(field(mine, "keepUntil").path("value").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        String theirs = json("/api/v1/persons/" + person + "/documents", "doc-kodomo-w");
        JsonNode exists = document(theirs, id);
        assertThat(exists.path("seen").asString()).isEqualTo("EXISTS");
        assertThat(field(exists, "department").path("display").asString()).isEqualTo("介護保険課");
        assertThat(exists.path("content").isNull()).isTrue();
        assertThat(theirs).doesNotContain(title, "stairs.jpg");

        byte[] photo = mvc.perform(get("/documents/" + id + "/download").with(as("doc-kaigo-w")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo)).getWidth()).isEqualTo(80);
        mvc.perform(get("/documents/" + id + "/download").with(as("doc-kodomo-w"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/persons/" + person + "/documents/" + id + "/content").with(as("doc-kodomo-w")))
                .andExpect(status().isNotFound());

        List<AuditRows.Row> rows = AuditRows.since(jdbc, mark, "doc-kaigo-w");
        assertThat(rows).extracting(AuditRows.Row::action)
                .containsExactly("DOCUMENT_UPLOAD", "DOCUMENT_VIEW", "DOCUMENT_VIEW", "DOWNLOAD");
        assertThat(rows).allMatch(r -> person.equals(r.personKey()));
        assertThat(rows.get(0).detail()).containsEntry("document", Long.toString(id)).containsEntry("file", "stairs.jpg");
        assertThat(rows.get(3).detail()).containsEntry("document", Long.toString(id));
        assertThat(AuditRows.since(jdbc, mark, "doc-kodomo-w")).extracting(AuditRows.Row::action)
                .containsExactly("DOCUMENT_VIEW", "DOCUMENT_VIEW").allMatch(a -> !a.equals("DOWNLOAD"));
    }

    @Test
    void aSharedFileAGrantedProgramAndBreakGlassShowTheFileToAnotherDepartment() throws Exception {
        String person = Residents.add(jdbc, "添付 次郎", "狭山市入間川三丁目", false);
        String sharedTitle = "共有の診断書 " + tag;
        String grantedTitle = "要介護認定の意見書 " + tag;
        String privateTitle = "内部メモ " + tag;
        uploadJson("doc-kaigo-w", person, sharedTitle, "medical", null, true, "shared.pdf", TestFiles.pdf("shared"));
        uploadJson("doc-kaigo-w", person, grantedTitle, "medical", source, false, "opinion.pdf", TestFiles.pdf("opinion"));
        uploadJson("doc-kaigo-w", person, privateTitle, "medical", null, false, "private.pdf", TestFiles.pdf("private"));

        assertThat(html("/persons/" + person + "/documents", "doc-kodomo-w")).contains(sharedTitle)
                .doesNotContain(grantedTitle, privateTitle);
        assertThat(html("/persons/" + person + "/documents", "doc-granted-w")).contains(sharedTitle, grantedTitle)
                .doesNotContain(privateTitle);

        access.openBreakGlass(access.viewer("doc-kodomo-bg"), person, "本人が窓口で倒れ、主治医の確認が必要なため");
        assertThat(html("/persons/" + person + "/documents", "doc-kodomo-bg"))
                .contains(sharedTitle, grantedTitle, privateTitle);
    }

    @Test
    void aProtectedPersonsFileShowsNoContentToWhoeverMayNotSeeTheirWhereabouts() throws Exception {
        String title = "自宅の写真 " + tag;
        long mark = AuditRows.mark(jdbc);
        long id = uploadJson("doc-kaigo-w", victim, title, "photo", null, false, "home-狭山市秘密町.jpg",
                TestFiles.photoWithGps(80, 60, 1, 9));

        String owner = html("/persons/" + victim + "/documents", "doc-kaigo-w");
        assertThat(owner).contains(title, HIDDEN, "支援措置対象者")
                .doesNotContain("data:image/jpeg", "秘密町", "home-");
        JsonNode withheld = document(json("/api/v1/persons/" + victim + "/documents", "doc-kaigo-w"), id);
        assertThat(withheld.path("seen").asString()).isEqualTo("CONTENT_WITHHELD");
        assertThat(withheld.path("content").isNull()).isTrue();
        assertThat(field(withheld, "fileName").path("value").isNull()).isTrue();
        assertThat(field(withheld, "fileName").path("display").asString()).isEqualTo(HIDDEN);
        assertThat(html("/documents/" + id, "doc-kaigo-w")).contains(HIDDEN, "緊急閲覧").doesNotContain("/download");
        mvc.perform(get("/documents/" + id + "/content").with(as("doc-kaigo-w"))).andExpect(status().isNotFound());
        assertThat(AuditRows.since(jdbc, mark, "doc-kaigo-w")).allMatch(AuditRows.Row::flagged);

        // the department with the 支援措置 permission sees its own file of the person in full
        long own = uploadJson("doc-dv-w", victim, "面談記録 " + tag, "photo", null, false, "interview.jpg",
                TestFiles.photoWithGps(40, 40, 1, 11));
        assertThat(html("/persons/" + victim + "/documents", "doc-dv-w")).contains("data:image/jpeg;base64,");
        mvc.perform(get("/documents/" + own + "/content").with(as("doc-dv-w"))).andExpect(status().isOk());
    }

    @Test
    void aHostileFileSentThroughTheFormIsRefusedInJapaneseAndNothingIsStored() throws Exception {
        long before = jdbc.sql("SELECT count(*) FROM document").query(Long.class).single();
        MvcResult refused = mvc.perform(multipart("/persons/" + person + "/documents")
                        .file(new MockMultipartFile("files", "invoice.jpg", "image/jpeg", TestFiles.executable()))
                        .param("kind", "photo").with(csrf()).with(as("doc-kaigo-w")))
                .andExpect(status().is3xxRedirection()).andReturn();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) refused.getFlashMap().get("results");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.get("stored")).isEqualTo(false);
            assertThat((String) r.get("message")).contains("invoice.jpg", "実行ファイル");
        });
        String api = mvc.perform(multipart("/api/v1/persons/" + person + "/documents")
                        .file(new MockMultipartFile("file", "script.pdf", "application/pdf", TestFiles.pdfWithOpenActionScript()))
                        .param("kind", "medical").with(csrf()).with(as("doc-kaigo-w")))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JSON.readTree(api).path("error").asString()).contains("JavaScript", "受け付けられません");
        assertThat(JSON.readTree(api).path("reason").asString()).isEqualTo("pdf-script");
        assertThat(jdbc.sql("SELECT count(*) FROM document").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void aMessageIsReadAndAcknowledgedByTheDepartmentAndTheSenderSeesWhen() throws Exception {
        String body = "窓口で、手すりの件で折り返しの電話がほしいとのこと " + tag;
        mvc.perform(post("/messages").param("personKey", person).param("toDepartment", "doc-kaigo")
                .param("urgent", "true").param("body", body).with(csrf()).with(as("doc-madoguchi")))
                .andExpect(status().is3xxRedirection());
        long id = jdbc.sql("SELECT id FROM message WHERE body = :b").param("b", body).query(Long.class).single();

        String inbox = html("/messages", "doc-kaigo-w");
        assertThat(inbox).contains(body, "添付 太郎", "未読", "至急");
        assertThat(html("/messages/badge", "doc-kaigo-w")).containsPattern("message-badge[^>]*>\\s*\\d+");
        assertThat(html("/messages", "doc-kodomo-w")).doesNotContain(body);
        assertThat(html("/persons/" + person + "/documents/panel", "doc-kaigo-w")).contains(body);

        mvc.perform(post("/messages/" + id + "/read").with(csrf()).with(as("doc-kaigo-w")))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/messages/" + id + "/done").param("note", "本人に電話し、訪問日を決めた").with(csrf())
                .with(as("doc-kaigo-w"))).andExpect(status().is3xxRedirection());
        String sent = html("/messages", "doc-madoguchi");
        assertThat(sent).contains(body, "対応済", "本人に電話し、訪問日を決めた", "既読");

        JsonNode received = JSON.readTree(json("/api/v1/messages", "doc-kaigo-w")).path("received");
        JsonNode message = received.valueStream().filter(m -> m.path("id").asLong() == id).findFirst().orElseThrow();
        assertThat(field(message, "state").path("value").path("code").asString()).isEqualTo("DONE");
        assertThat(field(message, "urgent").path("value").asBoolean()).isTrue();
        assertThat(field(message, "sentAt").path("value").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*\\+09:00");

        // someone of another department cannot acknowledge it, and nobody can change or delete it
        mvc.perform(post("/api/v1/messages/" + id + "/acknowledgements").contentType("application/json")
                .content("{\"state\":\"DONE\",\"note\":\"x\"}").with(csrf()).with(as("doc-kodomo-w")))
                .andExpect(status().isBadRequest());
        assertThatThrownBy(() -> jdbc.sql("UPDATE message SET body = 'changed' WHERE id = :id").param("id", id).update())
                .hasMessageContaining("伝言は変更も削除もできません");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM message WHERE id = :id").param("id", id).update())
                .hasMessageContaining("伝言は変更も削除もできません");
        assertThat(AuditRows.since(jdbc, 0, "doc-kaigo-w")).anyMatch(r -> r.action().equals("MESSAGE")
                && "done".equals(r.detail().get("op")) && Long.toString(id).equals(r.detail().get("message")));
    }

    @Test
    void anUrgentMessageNobodyDealtWithReachesTheDepartmentsHead() throws Exception {
        String body = "至急: 本人が倒れたと近所から連絡 " + tag;
        String answer = mvc.perform(post("/api/v1/messages").contentType("application/json")
                        .content(JSON.writeValueAsString(Map.of("personKey", person, "toDepartment", "doc-kaigo",
                                "urgent", true, "body", body))).with(csrf()).with(as("doc-madoguchi")))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        long id = JSON.readTree(answer).path("id").asLong();
        assertThat(html("/messages", "doc-head")).contains("対応されていない至急の伝言", "overdue-" + id, body);
        assertThat(html("/messages", "doc-kaigo-w")).contains("期限超過").doesNotContain("overdue-" + id);
    }

    @Test
    void aFileDueByItsKeepForPeriodIsDisposedOfWithARecord() throws Exception {
        String title = "一時メモ " + tag;
        long id = uploadJson("doc-kaigo-w", person, title, "memo", null, false, "memo.txt",
                ("面談メモ " + tag).getBytes(StandardCharsets.UTF_8));
        long contents = jdbc.sql("SELECT count(*) FROM document_content").query(Long.class).single();
        assertThat(html("/admin/documents/retention", "doc-admin")).contains(title, "due-" + id);
        mvc.perform(get("/admin/documents/retention").with(as("doc-kaigo-w"))).andExpect(status().isForbidden());

        long mark = AuditRows.mark(jdbc);
        mvc.perform(post("/admin/documents/retention/dispose").param("id", Long.toString(id))
                .param("note", "令和8年度 保存年限満了").with(csrf()).with(as("doc-admin")))
                .andExpect(status().is3xxRedirection());

        assertThat(jdbc.sql("SELECT disposed_by || ' ' || disposal_note FROM document WHERE id = :id AND content_hash IS NULL")
                .param("id", id).query(String.class).single()).isEqualTo("doc-admin 令和8年度 保存年限満了");
        assertThat(jdbc.sql("SELECT count(*) FROM document_content").query(Long.class).single()).isEqualTo(contents - 1);
        assertThat(AuditRows.since(jdbc, mark, "doc-admin")).filteredOn(r -> r.action().equals("DOCUMENT_DISPOSAL"))
                .singleElement().satisfies(r -> {
                    assertThat(r.personKey()).isEqualTo(person);
                    assertThat(r.detail()).containsEntry("document", Long.toString(id))
                            .containsEntry("note", "令和8年度 保存年限満了");
                });
        String page = html("/admin/documents/retention", "doc-admin");
        assertThat(page).contains("disposed-" + id, "令和8年度 保存年限満了").doesNotContain("due-" + id + "\"");
        assertThat(html("/persons/" + person + "/documents", "doc-kaigo-w")).doesNotContain(title);
        mvc.perform(get("/documents/" + id + "/download").with(as("doc-kaigo-w"))).andExpect(status().isNotFound());
    }

    @Test
    void theApiOfFilesAndMessagesIsInTheOpenApiDocumentWithExamplesAndTypedValues() throws Exception {
        JsonNode paths = JSON.readTree(json("/v3/api-docs", "doc-admin")).path("paths");
        JsonNode list = paths.path("/api/v1/persons/{personKey}/documents").path("get");
        assertThat(list.path("summary").asString()).contains("添付ファイル");
        assertThat(list.path("responses").path("200").toString()).contains("example", "keepUntil", "FULL");
        assertThat(paths.path("/api/v1/persons/{personKey}/documents").path("post").path("responses").path("400")
                .toString()).contains("実行ファイル");
        assertThat(paths.path("/api/v1/persons/{personKey}/documents/{documentId}/content").path("get").isMissingNode())
                .isFalse();
        assertThat(paths.path("/api/v1/messages").path("get").path("responses").path("200").toString())
                .contains("example", "UNREAD");
        assertThat(paths.path("/api/v1/messages").path("post").isMissingNode()).isFalse();
        assertThat(paths.path("/api/v1/messages/{messageId}/acknowledgements").path("post").isMissingNode()).isFalse();
        String schemas = JSON.readTree(json("/v3/api-docs", "doc-admin")).path("components").path("schemas").toString();
        assertThat(schemas).contains("\"Document\"", "\"Message\"", "#/components/schemas/TypedValue");
    }

    private long uploadJson(String username, String personKey, String title, String kind, String sourceId,
            boolean shared, String fileName, byte[] bytes) throws Exception {
        var request = multipart("/persons/" + personKey + "/documents")
                .file(new MockMultipartFile("files", fileName, "application/octet-stream", bytes))
                .param("title", title).param("kind", kind).param("shared", Boolean.toString(shared))
                .header("Accept", "application/json").with(csrf()).with(as(username));
        if (sourceId != null) {
            request.param("sourceId", sourceId);
        }
        String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        JsonNode result = JSON.readTree(body).path("results").get(0);
        assertThat(result.path("stored").asBoolean()).as(body).isTrue();
        return result.path("id").asLong();
    }

    private String html(String path, String username) throws Exception {
        return mvc.perform(get(path).with(as(username))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private String json(String path, String username) throws Exception {
        return mvc.perform(get(path).with(as(username)).accept("application/json")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The page's text as a reader sees it: tags taken out, white space folded. */
    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    private static JsonNode document(String list, long id) {
        return JSON.readTree(list).path("documents").valueStream().filter(d -> d.path("id").asLong() == id)
                .findFirst().orElseThrow(() -> new AssertionError("document " + id + " not in " + list));
    }

    private static JsonNode field(JsonNode item, String name) {
        return item.path("fields").valueStream().filter(f -> f.path("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in " + item));
    }

    private org.springframework.test.web.servlet.request.RequestPostProcessor as(String username) {
        String role = switch (username) {
            case "doc-admin" -> "ADMIN";
            case "doc-madoguchi" -> "VIEWER";
            default -> "CASEWORKER";
        };
        return user(username).roles(role);
    }
}
