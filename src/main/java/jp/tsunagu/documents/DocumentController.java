package jp.tsunagu.documents;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import jp.tsunagu.programs.ProgramSource;
import jp.tsunagu.programs.Programs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The screens of a person's files (添付): the list with search and the upload form
 * ({@code /persons/{personKey}/documents}), the panel the person overview loads, one file's page, its content
 * shown in the browser and its download. Every one of them is audited by {@link Documents}.
 */
@Controller
@ConditionalOnWebApplication
class DocumentController {

    static final int PAGE_SIZE = 20;
    static final int PANEL_SIZE = 6;

    private final Documents documents;
    private final DocumentUpload upload;
    private final AccessPolicy access;
    private final Programs programs;
    private final Messages messages;

    DocumentController(Documents documents, DocumentUpload upload, AccessPolicy access, Programs programs,
            Messages messages) {
        this.documents = documents;
        this.upload = upload;
        this.access = access;
        this.programs = programs;
        this.messages = messages;
    }

    @PersonalData
    @GetMapping("/persons/{personKey}/documents")
    String list(@PathVariable String personKey, @RequestParam(required = false) String title,
            @RequestParam(required = false) String kind, @RequestParam(defaultValue = "1") int page,
            Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        Documents.Listing listing = documents.list(viewer, personKey, new Documents.Query(title, kind), page,
                PAGE_SIZE, true).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("listing", listing);
        // not "title": the layout's fragment takes the page's title under that name
        model.addAttribute("titleQuery", title);
        model.addAttribute("kind", kind);
        form(viewer, model);
        return "documents/person";
    }

    /** The panel on the person overview: the newest files and the person's messages for this viewer. */
    @PersonalData
    @GetMapping("/persons/{personKey}/documents/panel")
    String panel(@PathVariable String personKey, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        Documents.Listing listing = documents.list(viewer, personKey, Documents.Query.ALL, 1, PANEL_SIZE, true)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("listing", listing);
        model.addAttribute("personMessages", messages.aboutPerson(viewer, personKey, 5));
        return "documents/person-panel :: panel";
    }

    /**
     * Registers the files sent (several at once); each is checked on its own, and the answer names each one's
     * outcome. A browser's script asks for JSON (to show progress and each result); a form without script is
     * sent back to the list with the results.
     */
    @PostMapping("/persons/{personKey}/documents")
    Object upload(@PathVariable String personKey, @RequestParam(name = "files", required = false) List<MultipartFile> files,
            @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String kind,
            @RequestParam(required = false) String sourceId, @RequestParam(required = false) String lifeEvent,
            @RequestParam(defaultValue = "false") boolean shared,
            @RequestHeader(name = "Accept", defaultValue = "") String accept, Authentication user,
            RedirectAttributes redirect) {
        Viewer viewer = access.viewer(user.getName());
        List<Map<String, Object>> results = new ArrayList<>();
        boolean anyStored = false;
        boolean anyRefused = false;
        List<MultipartFile> given = files == null ? List.of() : files.stream().filter(f -> !f.isEmpty()
                || (f.getOriginalFilename() != null && !f.getOriginalFilename().isBlank())).toList();
        if (given.isEmpty()) {
            results.add(result(null, false, "ファイルを選んでください", null));
            anyRefused = true;
        }
        for (MultipartFile file : given) {
            String name = DocumentUpload.fileName(file.getOriginalFilename());
            String fileTitle = title.isBlank() ? stem(name) : (given.size() > 1 ? title + " (" + stem(name) + ")" : title);
            try {
                long max = upload.maxFileSize();
                if (file.getSize() > max) {
                    throw ContentInspector.tooLarge(name, file.getSize(), max);
                }
                DocumentUpload.Uploaded stored = upload.upload(viewer,
                        new NewDocument(personKey, fileTitle, kind, null, sourceId, lifeEvent, shared), name,
                        file.getBytes());
                results.add(result(name, true, name + " を登録しました", stored.id()));
                anyStored = true;
            } catch (RefusedFileException | InvalidDocumentException e) {
                results.add(result(name, false, e.getMessage(), null));
                anyRefused = true;
            } catch (StoreUnavailableException e) {
                org.slf4j.LoggerFactory.getLogger(DocumentController.class).error("{}: {}", name,
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                results.add(result(name, false, e.getMessage(), null));
                anyRefused = true;
            } catch (IOException e) {
                results.add(result(name, false, name + " を受け取れませんでした。もう一度送ってください", null));
                anyRefused = true;
            }
        }
        if (accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
            HttpStatus status = anyStored ? HttpStatus.OK : HttpStatus.BAD_REQUEST;
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("results", results, "stored", anyStored, "refused", anyRefused));
        }
        redirect.addFlashAttribute("results", results);
        return "redirect:/persons/" + personKey + "/documents";
    }

    @PersonalData
    @GetMapping("/documents/{documentId}")
    String document(@PathVariable long documentId, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        DocumentCard card = documents.card(viewer, documentId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("card", card);
        model.addAttribute("personKey", documents.personOf(documentId).orElse(""));
        return "documents/document";
    }

    /** The content shown in the browser: photos and PDFs inline, anything else as a download. */
    @PersonalData
    @GetMapping("/documents/{documentId}/content")
    ResponseEntity<?> content(@PathVariable long documentId, Authentication user, HttpServletResponse response)
            throws IOException {
        return send(documentId, user, Documents.Use.VIEW, response);
    }

    @PersonalData
    @GetMapping("/documents/{documentId}/download")
    ResponseEntity<?> download(@PathVariable long documentId, Authentication user, HttpServletResponse response)
            throws IOException {
        return send(documentId, user, Documents.Use.DOWNLOAD, response);
    }

    private ResponseEntity<?> send(long documentId, Authentication user, Documents.Use use,
            HttpServletResponse response) throws IOException {
        Documents.Content content = documents.open(access.viewer(user.getName()), documentId, use)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        ContentSending.send(content, use, response);
        return null;
    }

    private void form(Viewer viewer, Model model) {
        model.addAttribute("kinds", documents.kinds());
        model.addAttribute("lifeEvents", LifeEvents.ALL);
        List<ProgramSource> sources = programs.programSources();
        model.addAttribute("programs", sources);
        model.addAttribute("mayUpload", Documents.mayUpload(viewer));
        model.addAttribute("departments", messages.departments());
        model.addAttribute("maxFileSize", upload.maxFileSize() / 1024 / 1024 + " MB");
    }

    private static Map<String, Object> result(String file, boolean stored, String message, Long id) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", file);
        result.put("stored", stored);
        result.put("message", message);
        result.put("id", id);
        return result;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static void copy(InputStream in, java.io.OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
