package jp.tsunagu.importing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import jp.tsunagu.platform.BackgroundPriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The import screen (取込画面): every source with its last import, a run's report and progress, a
 * source's history, upload, and the decision on held snapshots. Uploading, confirming and discarding
 * are for administrators (enforced by the security rules on their URLs).
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class ImportController implements DisposableBean, jp.tsunagu.platform.BackgroundWork {

    private static final Logger log = LoggerFactory.getLogger(ImportController.class);

    private final ImportScreen screen;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final ImportingProperties properties;
    /** Uploads are imported off the request thread: a large file takes a minute, the browser should not wait. */
    private final ThreadPoolTaskExecutor uploads;

    /** Work of other modules after an import (the first person index), shown beside its source. */
    private final java.util.List<FollowUpProgress> followUps;

    ImportController(ImportScreen screen, SourceCatalog catalog, SnapshotImport imports,
            ImportingProperties properties, java.util.List<FollowUpProgress> followUps) {
        this.followUps = followUps;
        this.screen = screen;
        this.catalog = catalog;
        this.imports = imports;
        this.properties = properties;
        this.uploads = new ThreadPoolTaskExecutor();
        uploads.setCorePoolSize(2);
        uploads.setMaxPoolSize(2);
        uploads.setQueueCapacity(20);
        uploads.setThreadNamePrefix("upload-import-");
        // an import yields the cores to staff's requests (BackgroundPriority)
        uploads.setTaskDecorator(BackgroundPriority::lowered);
        uploads.initialize();
    }

    @GetMapping("/imports")
    String index(Model model) {
        model.addAttribute("rows", screen.sources());
        model.addAttribute("sources", catalog.all().stream().sorted(SourceOrder.FOR_CLERKS).toList());
        model.addAttribute("followUps", followUps());
        return "imports/index";
    }

    /** The work under way after each source's import, by source id (sources without any are absent). */
    private java.util.Map<String, FollowUpProgress.Step> followUps() {
        java.util.Map<String, FollowUpProgress.Step> steps = new java.util.HashMap<>();
        followUps.forEach(f -> steps.putAll(f.underWay()));
        return steps;
    }

    /**
     * A run's report. Every staff member sees the status, the counts and each problem's place and
     * reason; the rejected values are for administrators, masked here and shown whole one at a time
     * through the administration screens, which record each look.
     */
    @GetMapping("/imports/runs/{runId}")
    String run(@PathVariable long runId, HttpServletRequest request, Model model) {
        ImportScreen.Run run = screen.run(runId).orElseThrow(ImportController::notFound);
        List<ImportScreen.ProblemLine> problems = screen.problems(runId, request.isUserInRole("ADMIN"));
        long listedErrors = problems.stream().filter(p -> p.severity() == ImportProblem.Severity.ERROR).count();
        model.addAttribute("run", run);
        model.addAttribute("source", catalog.find(run.sourceId()).orElse(null));
        model.addAttribute("problems", problems);
        model.addAttribute("listedErrors", listedErrors);
        model.addAttribute("unlistedErrors", Math.max(0, run.errorCount() - listedErrors));
        model.addAttribute("unlistedWarnings", Math.max(0, run.warnings() - (problems.size() - listedErrors)));
        return "imports/run";
    }

    /**
     * The progress fragment htmx polls every second while the run is running. When the run has
     * ended, htmx is told to reload the page so that the counts and the report appear.
     */
    @GetMapping("/imports/runs/{runId}/progress")
    String progress(@PathVariable long runId, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model, HttpServletResponse response) {
        ImportScreen.Run run = screen.run(runId).orElseThrow(ImportController::notFound);
        if (htmx != null && !run.running()) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("run", run);
        return "imports/fragments :: progress";
    }

    @GetMapping("/imports/sources/{sourceId}")
    String source(@PathVariable String sourceId, @RequestParam(defaultValue = "1") int page, Model model) {
        SourceDefinition source = catalog.get(sourceId);
        model.addAttribute("source", source);
        // templates may not call methods of JDK types: give them the words
        model.addAttribute("encoding", source.charset().name());
        model.addAttribute("tabDelimited", source.delimiter() == '\t');
        model.addAttribute("history", screen.history(sourceId, page));
        model.addAttribute("currentRecords", screen.currentRecords(sourceId));
        return "imports/source";
    }

    @PostMapping("/imports/upload")
    String upload(@RequestParam String sourceId, @RequestParam("file") MultipartFile file, Principal user,
            RedirectAttributes redirect) {
        if (catalog.find(sourceId).isEmpty()) {
            redirect.addFlashAttribute("error", "連携元 '" + sourceId + "' は定義されていません。");
            return "redirect:/imports";
        }
        if (file.isEmpty()) {
            redirect.addFlashAttribute("error", "取り込むファイルを選んでください (空のファイルは取り込めません)。");
            return "redirect:/imports";
        }
        String fileName = displayName(file.getOriginalFilename());
        Path saved;
        try {
            Path dir = Files.createDirectories(properties.inboxDir().resolve(".uploads").toAbsolutePath());
            saved = Files.createTempFile(dir, "upload-", ".part");
            try (InputStream in = file.getInputStream()) {
                Files.copy(in, saved, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.error("アップロードされたファイル {} を保存できません", fileName, e);
            redirect.addFlashAttribute("error", "ファイルを保存できませんでした。管理者に連絡してください。");
            return "redirect:/imports";
        }
        try {
            uploads.execute(() -> importUpload(sourceId, fileName, saved, user.getName()));
        } catch (RejectedExecutionException e) {
            deleteQuietly(saved);
            redirect.addFlashAttribute("error", "取込が混み合っています。しばらくしてからもう一度アップロードしてください。");
            return "redirect:/imports";
        }
        redirect.addFlashAttribute("notice", fileName + " の取込を開始しました。");
        return "redirect:/imports/sources/" + sourceId;
    }

    @GetMapping("/imports/{runId}/confirm")
    String confirmPage(@PathVariable long runId, Model model) {
        return decisionPage(runId, "confirm", model);
    }

    @GetMapping("/imports/{runId}/discard")
    String discardPage(@PathVariable long runId, Model model) {
        return decisionPage(runId, "discard", model);
    }

    @PostMapping("/imports/{runId}/confirm")
    String confirm(@PathVariable long runId, Principal user, RedirectAttributes redirect) {
        try {
            ImportReport report = imports.confirm(runId, user.getName());
            log.info("保留中の取込番号 {} を {} が反映しました ({})", runId, user.getName(), report.sourceId());
            redirect.addFlashAttribute("notice", "取込番号 " + runId + " を反映しました。");
        } catch (IllegalStateException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/imports/runs/" + runId;
    }

    @PostMapping("/imports/{runId}/discard")
    String discard(@PathVariable long runId, Principal user, RedirectAttributes redirect) {
        try {
            ImportReport report = imports.discard(runId, user.getName());
            log.info("保留中の取込番号 {} を {} が破棄しました ({})", runId, user.getName(), report.sourceId());
            redirect.addFlashAttribute("notice", "取込番号 " + runId + " を破棄しました。何も反映していません。");
        } catch (IllegalStateException | IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/imports/runs/" + runId;
    }

    @ExceptionHandler(UnknownSourceException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String unknownSource(Model model) {
        model.addAttribute("status", 404);
        return "error";
    }

    /** A stop of the application interrupts the uploads' imports under way: each records its run as 中断. */
    @Override
    public void cancel() {
        uploads.getThreadPoolExecutor().shutdownNow();
    }

    @Override
    public boolean awaitEnded(java.time.Duration timeout) throws InterruptedException {
        return jp.tsunagu.platform.BackgroundWork.of(uploads.getThreadPoolExecutor()).awaitEnded(timeout);
    }

    @Override
    public void destroy() {
        uploads.shutdown();
    }

    /** The GET step of a decision: says what confirming or discarding will do, then asks once. */
    private String decisionPage(long runId, String action, Model model) {
        ImportScreen.Run run = screen.run(runId).orElseThrow(ImportController::notFound);
        model.addAttribute("run", run);
        model.addAttribute("action", action);
        model.addAttribute("source", catalog.find(run.sourceId()).orElse(null));
        model.addAttribute("currentRecords", screen.currentRecords(run.sourceId()));
        return "imports/decide";
    }

    private void importUpload(String sourceId, String fileName, Path saved, String user) {
        try {
            ImportReport report;
            try (var in = Files.newInputStream(saved)) {
                report = imports.importStream(sourceId, fileName, Files.size(saved), in, "upload", user);
            }
            log.info("アップロードされたファイル {} を取り込みました: 連携元 {}、取込番号 {}、{} ({})", fileName, sourceId,
                    report.runId(), report.status().label(), user);
        } catch (IOException | RuntimeException e) {
            // the run, if it started, is marked failed by the import itself; this is for the log
            log.error("アップロードされたファイル {} (連携元 {}) の取込に失敗しました", fileName, sourceId, e);
        } finally {
            deleteQuietly(saved);
        }
    }

    /** Only the last path element of what the browser sent, so that a name is never a path. */
    private static String displayName(String original) {
        if (original == null || original.isBlank()) {
            return "upload.csv";
        }
        String name = original.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        return name.isEmpty() ? "upload.csv" : name;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("一時ファイル {} を削除できません: {}", file, e.getMessage());
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
