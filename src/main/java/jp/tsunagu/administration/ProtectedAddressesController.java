package jp.tsunagu.administration;

import jp.tsunagu.access.AccessGrants;
import jp.tsunagu.access.AccessGrants.DepartmentAccess;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Which departments may see 支援措置 persons' addresses, 方書 and household (支援措置対象者の住所の
 * 閲覧), for administrators. Allowing is asked once with a warning, since a leaked address can put a
 * victim of domestic violence in danger; taking it away is done at once. Both are recorded through
 * {@link AccessPolicy#allowProtectedAddresses}.
 *
 * <p>The department is a form field, not part of the path, so that no department ID can collide
 * with the cell routes {@code /admin/grants/{department}/{source}}.
 */
@Controller
@ConditionalOnWebApplication
@RequestMapping("/admin/grants/protected-addresses")
class ProtectedAddressesController {

    private final AccessGrants grants;
    private final AccessPolicy policy;

    ProtectedAddressesController(AccessGrants grants, AccessPolicy policy) {
        this.grants = grants;
        this.policy = policy;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "1") int page, Model model) {
        PageNumbers numbers = PageNumbers.of(page, GrantsController.DEPARTMENTS_PER_PAGE, grants.countDepartments());
        PageSlice<DepartmentAccess> departments = numbers.slice(grants.departments((int) numbers.offset(), numbers.size()));
        model.addAttribute("departments", departments.items());
        model.addAttribute("paging", departments);
        return "administration/protected-addresses";
    }

    @PostMapping
    String change(@RequestParam String department, @RequestParam boolean allowed,
            @RequestParam(defaultValue = "false") boolean confirmed, @RequestParam(defaultValue = "1") int page,
            Authentication auth, Model model, RedirectAttributes redirect) {
        DepartmentAccess target = grants.department(department)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        redirect.addAttribute("page", page);
        redirect.addFlashAttribute("doneDepartment", target.department().name());
        if (target.seesProtectedAddress() == allowed) {
            redirect.addFlashAttribute("done", "unchanged");
            return "redirect:/admin/grants/protected-addresses";
        }
        if (allowed && !confirmed) {
            model.addAttribute("department", target.department());
            model.addAttribute("page", page);
            return "administration/protected-address-confirm";
        }
        policy.allowProtectedAddresses(auth.getName(), department, allowed);
        redirect.addFlashAttribute("done", allowed ? "allowed" : "withdrawn");
        return "redirect:/admin/grants/protected-addresses";
    }
}
