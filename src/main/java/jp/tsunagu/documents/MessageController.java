package jp.tsunagu.documents;

import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.platform.PersonalData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The screens of messages (伝言): the inbox ({@code /messages}: received, sent with whether and when read, and
 * for a department's head the overdue urgent ones), sending from a person's page, 既読 and 対応済, and the header's
 * badge.
 */
@Controller
@ConditionalOnWebApplication
class MessageController {

    private final Messages messages;
    private final AccessPolicy access;

    MessageController(Messages messages, AccessPolicy access) {
        this.messages = messages;
        this.access = access;
    }

    @PersonalData
    @GetMapping("/messages")
    String inbox(Authentication user, Model model) {
        Viewer viewer = access.viewer(user.getName());
        model.addAttribute("inbox", messages.inbox(viewer));
        model.addAttribute("viewer", viewer);
        return "documents/messages";
    }

    /** The header's badge: how many messages to the viewer or their department are unread (no personal data). */
    @GetMapping("/messages/badge")
    String badge(Authentication user, Model model) {
        model.addAttribute("unread", messages.unread(access.viewer(user.getName())));
        return "documents/messages :: badge";
    }

    @PostMapping("/messages")
    String send(@RequestParam String personKey, @RequestParam(required = false) String toDepartment,
            @RequestParam(required = false) String toUser, @RequestParam(defaultValue = "false") boolean urgent,
            @RequestParam(defaultValue = "") String body, @RequestParam(required = false) Long follows,
            Authentication user, RedirectAttributes redirect) {
        Viewer viewer = access.viewer(user.getName());
        try {
            long id = messages.send(viewer, personKey, toDepartment, toUser, urgent, body, follows);
            redirect.addFlashAttribute("notice", "伝言を送りました (番号 " + id + ")");
        } catch (InvalidDocumentException e) {
            redirect.addFlashAttribute("messageError", e.getMessage());
            redirect.addFlashAttribute("messageBody", body);
        }
        return "redirect:/persons/" + personKey + "/documents#messages";
    }

    @PostMapping("/messages/{messageId}/read")
    String read(@PathVariable long messageId, Authentication user, RedirectAttributes redirect) {
        return acknowledge(messageId, false, null, user, redirect);
    }

    @PostMapping("/messages/{messageId}/done")
    String done(@PathVariable long messageId, @RequestParam(defaultValue = "") String note, Authentication user,
            RedirectAttributes redirect) {
        return acknowledge(messageId, true, note, user, redirect);
    }

    private String acknowledge(long id, boolean done, String note, Authentication user, RedirectAttributes redirect) {
        try {
            Message message = messages.acknowledge(access.viewer(user.getName()), id, done, note);
            redirect.addFlashAttribute("notice", "伝言 " + id + " を「" + message.state() + "」にしました");
        } catch (InvalidDocumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/messages";
    }
}
