package jp.tsunagu.administration;

import java.io.IOException;
import jp.tsunagu.access.AccountChangeRejected;
import jp.tsunagu.access.StaffImport;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Staff CSV import (職員一括登録). The result, with the new accounts' passwords, is the response to
 * the upload itself: nothing keeps the passwords after it is sent.
 */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
@RequestMapping("/admin/staff/import")
class StaffImportController {

    private final StaffImport staffImport;

    StaffImportController(StaffImport staffImport) {
        this.staffImport = staffImport;
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("header", StaffImport.headerLine());
        return "admin/staff-import";
    }

    @PostMapping
    String upload(@RequestParam("file") MultipartFile file, Authentication auth, Model model) throws IOException {
        StaffImport.Outcome outcome;
        if (file.isEmpty()) {
            outcome = StaffImport.Outcome.refused("ファイルを選んでください");
        } else if (file.getSize() > StaffImport.MAX_BYTES) {
            outcome = StaffImport.Outcome.refused("ファイルが大きすぎます (5 MB まで)");
        } else {
            try {
                outcome = staffImport.run(auth.getName(), file.getOriginalFilename(), file.getBytes());
            } catch (AccountChangeRejected e) {
                outcome = StaffImport.Outcome.refused(e.getMessage());
            }
        }
        model.addAttribute("header", StaffImport.headerLine());
        model.addAttribute("outcome", outcome);
        model.addAttribute("fileName", file.getOriginalFilename());
        return "admin/staff-import";
    }
}
