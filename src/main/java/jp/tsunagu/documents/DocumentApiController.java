package jp.tsunagu.documents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code /api/v1/persons/{personKey}/documents}: a person's files as JSON, upload and download. */
@RestController
@ConditionalOnWebApplication
@Tag(name = "添付", description = "住民ごとのファイル・写真 (閲覧範囲とアクセス記録つき)")
class DocumentApiController {

    static final String API_ERROR = "#/components/schemas/ApiError";
    static final int MAX_PAGE_SIZE = 200;

    /** The list as the API answers it. */
    @Schema(name = "DocumentList", description = "一人の人の添付ファイル (閲覧者に見える範囲)")
    record DocumentList(@Schema(example = "0000100002") String personKey,
            @Schema(description = "条件に合う件数 (見えるもの)", example = "3") long total,
            @Schema(example = "1") int page, @Schema(example = "1") int pages,
            @Schema(description = "ほかの課の、あることだけが見えるファイルの件数", example = "1") long existsOnly,
            List<DocumentJson> documents) {
    }

    private final Documents documents;
    private final DocumentUpload upload;
    private final AccessPolicy access;

    DocumentApiController(Documents documents, DocumentUpload upload, AccessPolicy access) {
        this.documents = documents;
        this.upload = upload;
        this.access = access;
    }

    @PersonalData
    @GetMapping(path = "/api/v1/persons/{personKey}/documents", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "personDocuments", summary = "一人の人の添付ファイルを一覧する", description = """
            新しい順に返します。閲覧者の課のファイル、共有されたファイル、関連する制度の詳細の閲覧が許されたファイル、
            緊急閲覧中の人のファイルは項目と中身の URL を、ほかの課のファイルはあることと所管課・内線だけ
            (`seen: EXISTS`) を返します。支援措置の対象者のファイルは、許された課でなければ中身を返しません
            (`seen: CONTENT_WITHHELD`)。`title` (件名の一部) と `kind` (種別のコード) で絞り込めます。
            呼出しはアクセス記録に残ります。""",
            parameters = {
                @Parameter(name = "personKey", description = "宛名番号", example = "0000100002"),
                @Parameter(name = "title", description = "件名の一部", example = "階段"),
                @Parameter(name = "kind", description = "種別のコード (photo, medical, application, visit, other)",
                        example = "photo"),
                @Parameter(name = "page", description = "ページ番号 (1から)", example = "1"),
                @Parameter(name = "size", description = "1ページの件数 (200まで)", example = "50")},
            responses = {
                @ApiResponse(responseCode = "200", description = "一覧", content = @Content(
                        schema = @Schema(implementation = DocumentList.class), examples = @ExampleObject("""
                                {"personKey": "0000100002", "total": 1, "page": 1, "pages": 1, "existsOnly": 0,
                                 "documents": [{"id": 12, "seen": "FULL", "content": "/api/v1/persons/0000100002/documents/12/content",
                                   "fields": [{"name": "department", "label": "所管課", "value": {"code": "kaigo", "label": "介護保険課"}, "display": "介護保険課"},
                                              {"name": "title", "label": "件名", "value": "階段の写真", "display": "階段の写真"},
                                              {"name": "size", "label": "大きさ", "value": 204800, "display": "200 KB"},
                                              {"name": "keepUntil", "label": "保存期限", "value": "2031-04-01", "display": "令和13年4月1日 (2031)"}]}]}"""))),
                @ApiResponse(responseCode = "404", description = "この宛名番号の人はいない",
                        content = @Content(schema = @Schema(ref = API_ERROR)))})
    ResponseEntity<?> list(@PathVariable String personKey, @RequestParam(required = false) String title,
            @RequestParam(required = false) String kind, @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "50") int size, Authentication user) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            return ResponseEntity.badRequest().body(Map.of("error", "size は 1 から " + MAX_PAGE_SIZE + " までにしてください"));
        }
        Viewer viewer = access.viewer(user.getName());
        return documents.list(viewer, personKey, new Documents.Query(title, kind), page, size, false)
                .<ResponseEntity<?>>map(l -> ResponseEntity.ok(new DocumentList(l.personKey(),
                        l.page().total().count(), l.page().number(), l.page().pages(), l.existsOnly(),
                        l.page().items().stream().map(c -> DocumentJson.of(c, personKey)).toList())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "宛名番号 " + personKey + " の人は見つかりません")));
    }

    @PostMapping(path = "/api/v1/persons/{personKey}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "uploadDocument", summary = "添付ファイルを登録する", description = """
            `file` を一つ登録します。種類は中身から判定し (名前は見ません)、JPEG・PNG・PDF・Word・Excel・PowerPoint
            (.docx・.xlsx・.pptx)・テキストだけを受け付けます。実行ファイル、JavaScript を含む PDF、SVG、zip 爆弾、
            マクロを含む Office ファイル、大きすぎるファイルは 400 で理由を返し、何も保存しません。写真は位置情報などの
            メタデータを除き、向きを直して保存します。登録はアクセス記録に残ります。""",
            responses = {
                @ApiResponse(responseCode = "201", description = "登録した", content = @Content(examples = @ExampleObject("""
                        {"id": 12, "mediaType": "image/jpeg", "size": 204800, "deduplicated": false}"""))),
                @ApiResponse(responseCode = "400", description = "受け付けないファイル、または項目の誤り",
                        content = @Content(schema = @Schema(ref = API_ERROR), examples = @ExampleObject("""
                                {"error": "photo.jpg の中身は実行ファイル (プログラム) (名前の拡張子とは違う中身です) で、受け付けられる種類 (JPEG・PNG 画像、PDF、Word・Excel・PowerPoint (.docx・.xlsx・.pptx)、テキスト) ではありません", "reason": "type"}"""))),
                @ApiResponse(responseCode = "503", description = "保存先 (ファイルまたはオブジェクトストレージ) に書き込めない。何も登録していない",
                        content = @Content(schema = @Schema(ref = API_ERROR), examples = @ExampleObject("""
                                {"error": "photo.jpg: 添付ファイルの保存先に書き込めなかったため、登録していません。しばらくしてからもう一度送ってください。続くときはシステムの管理者に連絡してください", "reason": "store"}""")))})
    ResponseEntity<?> upload(@PathVariable String personKey, @RequestParam("file") MultipartFile file,
            @RequestParam(defaultValue = "") String title, @RequestParam String kind,
            @RequestParam(required = false) String sourceId, @RequestParam(required = false) String lifeEvent,
            @RequestParam(defaultValue = "false") boolean shared, Authentication user) throws IOException {
        String name = DocumentUpload.fileName(file.getOriginalFilename());
        try {
            if (file.getSize() > upload.maxFileSize()) {
                throw ContentInspector.tooLarge(name, file.getSize(), upload.maxFileSize());
            }
            DocumentUpload.Uploaded stored = upload.upload(access.viewer(user.getName()), new NewDocument(personKey,
                    title.isBlank() ? name : title, kind, null, sourceId, lifeEvent, shared), name, file.getBytes());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", stored.id());
            body.put("mediaType", stored.mediaType());
            body.put("size", stored.size());
            body.put("deduplicated", stored.deduplicated());
            return ResponseEntity.status(HttpStatus.CREATED).body(body);
        } catch (RefusedFileException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "reason", e.reasonCode()));
        } catch (InvalidDocumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "field", e.field()));
        } catch (StoreUnavailableException e) {
            org.slf4j.LoggerFactory.getLogger(DocumentApiController.class).error("{}: {}", name,
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", e.getMessage(), "reason", "store"));
        }
    }

    @PersonalData
    @GetMapping("/api/v1/persons/{personKey}/documents/{documentId}/content")
    @Operation(operationId = "documentContent", summary = "添付ファイルの中身を取得する", description = """
            中身を添付ファイルとして返します (Content-Disposition: attachment)。中身まで見られないファイル、
            ほかの人のファイルは 404 です。取得はアクセス記録に残ります (ダウンロード)。""",
            responses = {
                @ApiResponse(responseCode = "200", description = "中身", content = @Content(
                        mediaType = "application/octet-stream")),
                @ApiResponse(responseCode = "404", description = "ない、または見られない",
                        content = @Content(schema = @Schema(ref = API_ERROR)))})
    ResponseEntity<?> content(@PathVariable String personKey, @PathVariable long documentId, Authentication user,
            HttpServletResponse response) throws IOException {
        if (!documents.personOf(documentId).map(personKey::equals).orElse(false)) {
            return notFound(documentId);
        }
        var content = documents.open(access.viewer(user.getName()), documentId, Documents.Use.DOWNLOAD);
        if (content.isEmpty()) {
            return notFound(documentId);
        }
        ContentSending.send(content.get(), Documents.Use.DOWNLOAD, response);
        return null;
    }

    private static ResponseEntity<?> notFound(long id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "添付 " + id + " はないか、見られません"));
    }
}
