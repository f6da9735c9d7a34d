package jp.tsunagu.administration;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import jp.tsunagu.access.AccessGrants;
import jp.tsunagu.access.AccessGrants.DepartmentAccess;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.platform.PageNumbers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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

/**
 * The grants screen (閲覧範囲の設定), for administrators: the matrix of departments × sources, and
 * the form for one cell. Every change goes through {@link AccessPolicy#grant} or
 * {@link AccessGrants#revertToDefault}, which record it in the audit trail.
 */
@Controller
@ConditionalOnWebApplication
@RequestMapping("/admin/grants")
class GrantsController {

    /** Departments per page of the grant matrix and of the 支援措置 permission list. */
    static final int DEPARTMENTS_PER_PAGE = 30;

    /** One cell being looked at or changed. */
    private record Target(DepartmentAccess department, SourceDefinition source, EffectiveGrant current) {
    }


    private final SourceCatalog catalog;
    private final AccessGrants grants;
    private final AccessPolicy policy;

    GrantsController(SourceCatalog catalog, AccessGrants grants, AccessPolicy policy) {
        this.catalog = catalog;
        this.grants = grants;
        this.policy = policy;
    }

    @GetMapping
    String matrix(@RequestParam(defaultValue = "1") int page, Model model) {
        PageNumbers numbers = PageNumbers.of(page, DEPARTMENTS_PER_PAGE, grants.countDepartments());
        List<DepartmentAccess> departments = grants.departments((int) numbers.offset(), numbers.size());
        List<String> ids = departments.stream().map(d -> d.department().id()).toList();
        model.addAttribute("matrix", GrantMatrix.of(catalog.all(), departments, grants.grants(ids)));
        model.addAttribute("paging", numbers.slice(departments));
        return "administration/grants";
    }

    @GetMapping("/{department}/{source}")
    String edit(@PathVariable String department, @PathVariable String source,
            @RequestParam(defaultValue = "1") int page, Model model) {
        Target target = target(department, source);
        describe(model, target, page);
        model.addAttribute("levels", GrantLevel.values());
        return "administration/grant-form";
    }

    @PostMapping("/{department}/{source}")
    String change(@PathVariable String department, @PathVariable String source, @RequestParam String level,
            @RequestParam(defaultValue = "false") boolean sensitive,
            @RequestParam(defaultValue = "false") boolean confirmed, @RequestParam(defaultValue = "1") int page,
            Authentication auth, Model model, RedirectAttributes redirect) {
        Target target = target(department, source);
        GrantChange change = GrantChange.of(target.current(), level(level), sensitive);
        if (change.unchanged()) {
            return done(redirect, "unchanged", target, page);
        }
        if (change.needsConfirmation() && !confirmed) {
            describe(model, target, page);
            model.addAttribute("change", change);
            model.addAttribute("revert", false);
            return "administration/grant-confirm";
        }
        policy.grant(auth.getName(), department, source, change.level(), change.sensitive());
        return done(redirect, "saved", target, page);
    }

    /** 既定に戻す: removes the explicit grant; asked once, since it deletes a decision someone made. */
    @PostMapping("/{department}/{source}/default")
    String revert(@PathVariable String department, @PathVariable String source,
            @RequestParam(defaultValue = "false") boolean confirmed, @RequestParam(defaultValue = "1") int page,
            Authentication auth, Model model, RedirectAttributes redirect) {
        Target target = target(department, source);
        if (!target.current().isExplicit()) {
            return done(redirect, "unchanged", target, page);
        }
        if (!confirmed) {
            EffectiveGrant byDefault = defaultOf(target);
            describe(model, target, page);
            model.addAttribute("change", GrantChange.of(target.current(), byDefault.level(), byDefault.sensitive()));
            model.addAttribute("revert", true);
            return "administration/grant-confirm";
        }
        grants.revertToDefault(auth.getName(), department, source);
        return done(redirect, "reverted", target, page);
    }


    private void describe(Model model, Target target, int page) {
        model.addAttribute("department", target.department().department());
        model.addAttribute("source", target.source());
        model.addAttribute("current", target.current());
        model.addAttribute("byDefault", defaultOf(target));
        model.addAttribute("sensitiveFields", GrantMatrix.sensitiveFields(target.source()));
        model.addAttribute("page", page);
        if (target.current().isExplicit()) {
            model.addAttribute("grantedAt", text(target.current().explicit().grantedAt()));
        }
    }

    /** 和暦 with the Western year, and the time of day in Japan (the clock's zone is the server's). */
    private String text(Instant instant) {
        return jp.tsunagu.platform.TokyoTime.minutes(instant);
    }

    private static String done(RedirectAttributes redirect, String what, Target target, int page) {
        redirect.addFlashAttribute("done", what);
        redirect.addFlashAttribute("doneDepartment", target.department().department().name());
        redirect.addFlashAttribute("doneSource", target.source().name());
        redirect.addAttribute("page", page);
        return "redirect:/admin/grants";
    }

    private static EffectiveGrant defaultOf(Target target) {
        return EffectiveGrant.byDefault(target.department().department().id(), target.source().department().id());
    }

    private Target target(String departmentId, String sourceId) {
        DepartmentAccess department = grants.department(departmentId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        SourceDefinition source = catalog.find(sourceId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return new Target(department, source, EffectiveGrant.of(departmentId, source.department().id(),
                grants.grant(departmentId, sourceId)));
    }

    private static GrantLevel level(String name) {
        return Arrays.stream(GrantLevel.values()).filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST));
    }
}
