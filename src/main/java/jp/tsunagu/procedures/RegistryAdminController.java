package jp.tsunagu.procedures;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /admin/procedures}: the procedure registry as read at start (手続きの登録), read-only — the
 * files under {@code ./procedures} are what an administrator edits and versions; a restart reads them.
 */
@Controller
@ConditionalOnWebApplication
class RegistryAdminController {

    private final ProcedureRegistry registry;
    private final Departments departments;

    RegistryAdminController(ProcedureRegistry registry, Departments departments) {
        this.registry = registry;
        this.departments = departments;
    }

    @GetMapping("/admin/procedures")
    String registry(Model model) {
        model.addAttribute("kinds", registry.kinds());
        model.addAttribute("origin", registry.origin());
        model.addAttribute("departments", departments.all());
        return "procedures/registry";
    }
}
