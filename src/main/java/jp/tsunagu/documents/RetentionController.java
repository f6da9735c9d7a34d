package jp.tsunagu.documents;

import java.util.List;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/documents/retention} (administrators): the files due for disposal (保存年限到来) and the record of
 * disposals; disposing asks for a reason and says what it will do before it does it.
 */
@Controller
@ConditionalOnWebApplication
class RetentionController {

    static final int PAGE_SIZE = 50;

    private final Retention retention;
    private final AccessPolicy access;
    private final DocumentsProperties properties;

    RetentionController(Retention retention, AccessPolicy access, DocumentsProperties properties) {
        this.retention = retention;
        this.access = access;
        this.properties = properties;
    }

    @PersonalData
    @GetMapping("/admin/documents/retention")
    String list(@RequestParam(defaultValue = "1") int page, Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        model.addAttribute("due", retention.due(viewer, page, PAGE_SIZE));
        model.addAttribute("disposed", retention.disposed(viewer, 50));
        model.addAttribute("kinds", properties.kinds());
        return "documents/retention";
    }

    @PostMapping("/admin/documents/retention/dispose")
    String dispose(@RequestParam(name = "id", required = false) List<Long> ids,
            @RequestParam(defaultValue = "") String note, Authentication user, RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute("error", "廃棄するファイルを選んでください");
            return "redirect:/admin/documents/retention";
        }
        try {
            List<Long> done = retention.dispose(access.viewer(user.getName()), ids, note);
            redirect.addFlashAttribute("notice", done.size() + " 件を廃棄し、記録しました");
        } catch (InvalidDocumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/documents/retention";
    }
}
