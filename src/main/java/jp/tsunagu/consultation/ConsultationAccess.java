package jp.tsunagu.consultation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.access.ViewerAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may see a consultation record (相談記録の閲覧範囲), the rule every screen, API, search, board and print
 * asks. In order:
 * <ol>
 * <li>a request made with an API token that does not name the category's grant ID sees nothing of it;</li>
 * <li>the recording department and every department the record was shared with or referred to see it whole;</li>
 * <li>a viewer with an open 緊急閲覧 of one of its persons sees it whole (recorded and flagged as the break-glass
 * itself is);</li>
 * <li>a department's grant for the category ({@code consultation-<code>}, set like a source's grant) decides;</li>
 * <li>otherwise a hidden category (虐待, DV) is not seen at all — not even that it exists — and any other category
 * only as 「相談記録あり — 担当: 課 (内線)」.</li>
 * </ol>
 */
@Component
class ConsultationAccess {

    /** What one viewer may see of consultation records, read once per request. */
    record Scope(Viewer viewer, ViewerAccess may, List<Category> detailCategories, List<Category> summaryCategories,
            List<Category> excludedCategories, Set<String> breakGlassPersons) {

        String department() {
            return viewer.departmentId();
        }

        /** How much of this record the viewer sees. */
        GrantLevel level(Category category, Collection<String> departments, Collection<String> personKeys) {
            if (excludedCategories.stream().anyMatch(c -> c.code().equals(category.code()))) {
                return GrantLevel.NONE;
            }
            if (department() != null && departments.contains(department())) {
                return GrantLevel.DETAIL;
            }
            if (personKeys.stream().anyMatch(breakGlassPersons::contains)) {
                return GrantLevel.DETAIL;
            }
            if (detailCategories.stream().anyMatch(c -> c.code().equals(category.code()))) {
                return GrantLevel.DETAIL;
            }
            if (summaryCategories.stream().anyMatch(c -> c.code().equals(category.code()))) {
                return GrantLevel.SUMMARY;
            }
            return GrantLevel.NONE;
        }

        GrantLevel level(ConsultationRecord record) {
            return level(record.category(), record.departments(), record.personKeys());
        }

        /**
         * The SQL condition for "seen whole" on {@code c} (a {@code consultation} row), with its parameters bound
         * by {@link #bind}.
         */
        String detailSql() {
            return """
                    (c.category <> ALL(:scopeExcluded) AND (
                        EXISTS (SELECT 1 FROM consultation_department sd
                                 WHERE sd.consultation_id = c.id AND sd.department_id = :scopeDepartment)
                        OR c.category = ANY(:scopeDetail)
                        OR EXISTS (SELECT 1 FROM consultation_person sp
                                    WHERE sp.consultation_id = c.id AND sp.person_key = ANY(:scopeBreakGlass))))""";
        }

        /**
         * The same rule as {@link #detailSql()} on {@code s}, a record's search row ({@code consultation_search}),
         * which carries the category, the departments and the persons itself: a condition on the row the search's
         * index found, with no further lookup. Bound by the same {@link #params()}.
         */
        String searchRowSql() {
            return """
                    (s.category <> ALL(:scopeExcluded) AND (
                        :scopeDepartment = ANY(s.departments)
                        OR s.category = ANY(:scopeDetail)
                        OR s.persons && CAST(:scopeBreakGlass AS text[])))""";
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql) {
            return sql.params(params());
        }

        /** The parameters of {@link #detailSql()}. */
        Map<String, Object> params() {
            return Map.of("scopeExcluded", codes(excludedCategories),
                    "scopeDepartment", department() == null ? "" : department(),
                    "scopeDetail", codes(detailCategories),
                    "scopeBreakGlass", breakGlassPersons.toArray(String[]::new));
        }

        private static String[] codes(List<Category> categories) {
            return categories.stream().map(Category::code).toArray(String[]::new);
        }
    }

    private final AccessPolicy access;
    private final ConsultationProperties properties;

    ConsultationAccess(AccessPolicy access, ConsultationProperties properties) {
        this.access = access;
        this.properties = properties;
    }

    Scope scope(Viewer viewer) {
        return scope(access.of(viewer));
    }

    /** The scope from what the caller already read of the viewer's access (one read per request). */
    Scope scope(ViewerAccess may) {
        Viewer viewer = may.viewer();
        List<Category> detail = new ArrayList<>();
        List<Category> summary = new ArrayList<>();
        List<Category> excluded = new ArrayList<>();
        for (Category c : properties.categories()) {
            if (may.tokenExcludes(c.grantId())) {
                excluded.add(c);
                continue;
            }
            GrantLevel level = may.explicitGrant(c.grantId()).orElse(c.hidden() ? GrantLevel.NONE : GrantLevel.SUMMARY);
            if (level == GrantLevel.DETAIL) {
                detail.add(c);
            } else if (level == GrantLevel.SUMMARY) {
                summary.add(c);
            }
        }
        return new Scope(viewer, may, detail, summary, excluded, Set.copyOf(may.breakGlassPersons()));
    }
}
