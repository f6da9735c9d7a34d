package jp.tsunagu.administration;

import jp.tsunagu.access.AccountAdministration;
import jp.tsunagu.access.AccountChangeRejected;
import jp.tsunagu.access.Department;
import jp.tsunagu.access.StaffAccounts;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The departments screen (所属管理): name and extension (内線), for administrators. */
@Controller
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
@RequestMapping("/admin/departments")
class DepartmentAdminController {

    private final StaffAccounts accounts;
    private final AccountAdministration administration;

    DepartmentAdminController(StaffAccounts accounts, AccountAdministration administration) {
        this.accounts = accounts;
        this.administration = administration;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("departments", accounts.departments(page, StaffAdminController.PAGE_SIZE));
        return "admin/departments";
    }

    @GetMapping("/new")
    String newDepartment(Model model) {
        return form(model, null, "", "", "");
    }

    @PostMapping
    String create(@RequestParam(defaultValue = "") String id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String extension, Authentication auth, Model model,
            RedirectAttributes redirect) {
        try {
            administration.createDepartment(auth.getName(), id.strip(), name, extension);
            redirect.addFlashAttribute("done", "created");
            return "redirect:/admin/departments";
        } catch (AccountChangeRejected e) {
            model.addAttribute("error", e.getMessage());
            return form(model, null, id, name, extension);
        }
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable String id, Model model) {
        Department d = existing(id);
        return form(model, d, d.id(), d.name(), d.extension());
    }

    @PostMapping("/{id}/edit")
    String update(@PathVariable String id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String extension, Authentication auth, Model model,
            RedirectAttributes redirect) {
        Department d = existing(id);
        try {
            boolean changed = administration.updateDepartment(auth.getName(), id, name, extension);
            redirect.addFlashAttribute("done", changed ? "updated" : "unchanged");
            return "redirect:/admin/departments";
        } catch (AccountChangeRejected e) {
            model.addAttribute("error", e.getMessage());
            return form(model, d, id, name, extension);
        }
    }

    private static String form(Model model, Department department, String id, String name, String extension) {
        model.addAttribute("department", department);
        model.addAttribute("id", id);
        model.addAttribute("name", name);
        model.addAttribute("extension", extension);
        return "admin/department-form";
    }

    private Department existing(String id) {
        return accounts.department(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
