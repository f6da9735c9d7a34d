package jp.tsunagu.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a staff CSV (職員一括登録), all or nothing: if any line has a problem, nothing changes and
 * every problem is reported. Departments not yet known are created and renamed ones renamed; new
 * staff get a generated password, returned once for the administrator to hand over and stored only
 * as a hash; known staff get their name, department and role updated, their password untouched.
 */
@Service
public class StaffImport {

    public static final int MAX_BYTES = 5 * 1024 * 1024;

    /** A new account and its initial password, to be shown once. */
    public record Issued(String username, String displayName, String password) {
    }

    public record Outcome(List<StaffCsv.Problem> problems, List<Issued> created, int updated, int unchanged,
            int departmentsChanged, String encoding) {

        public boolean applied() {
            return problems.isEmpty();
        }

        /** An upload refused before reading it (no file, too large, a rule broken): nothing changed. */
        public static Outcome refused(String message) {
            return rejected(new StaffCsv.Problem(0, message), null);
        }
    }

    /** The header line the CSV must start with, as shown on the upload form. */
    public static String headerLine() {
        return String.join(",", StaffCsv.HEADER);
    }

    private final JdbcClient jdbc;
    private final StaffAccounts accounts;
    private final AccountAdministration administration;
    private final PasswordEncoder encoder;

    StaffImport(JdbcClient jdbc, StaffAccounts accounts, AccountAdministration administration,
            PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.administration = administration;
        this.encoder = encoder;
    }

    @Transactional(rollbackFor = Exception.class)
    public Outcome run(String actor, String fileName, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return rejected(new StaffCsv.Problem(0, "ファイルが大きすぎます (5 MB まで)"), null);
        }
        StaffCsv.Result csv = StaffCsv.read(bytes);
        if (!csv.problems().isEmpty()) {
            return new Outcome(csv.problems(), List.of(), 0, 0, 0, csv.encoding());
        }
        int departmentsChanged = departments(actor, csv.rows());
        List<Issued> created = new ArrayList<>();
        int updated = 0;
        int unchanged = 0;
        for (StaffCsv.Row row : csv.rows()) {
            Optional<StaffAccount> existing = accounts.find(row.username());
            if (existing.isEmpty()) {
                created.add(create(actor, row));
            } else if (update(actor, existing.get(), row)) {
                updated++;
            } else {
                unchanged++;
            }
        }
        administration.requireAnAdministrator();
        administration.record(actor, Map.of("change", "staff-import", "file", String.valueOf(fileName),
                "created", Integer.toString(created.size()), "updated", Integer.toString(updated),
                "unchanged", Integer.toString(unchanged)));
        return new Outcome(List.of(), created, updated, unchanged, departmentsChanged, csv.encoding());
    }

    private int departments(String actor, List<StaffCsv.Row> rows) {
        Map<String, String> names = new LinkedHashMap<>();
        rows.forEach(r -> names.putIfAbsent(r.departmentId(), r.departmentName()));
        int changed = 0;
        for (Map.Entry<String, String> d : names.entrySet()) {
            Optional<Department> known = accounts.department(d.getKey());
            if (known.isEmpty()) {
                jdbc.sql("INSERT INTO department (department_id, name) VALUES (:id, :n)")
                        .param("id", d.getKey()).param("n", d.getValue()).update();
                administration.record(actor, Map.of("change", "department-create", "department", d.getKey(),
                        "name", d.getValue(), "via", "staff-import"));
                changed++;
            } else if (!known.get().name().equals(d.getValue())) {
                jdbc.sql("UPDATE department SET name = :n WHERE department_id = :id")
                        .param("id", d.getKey()).param("n", d.getValue()).update();
                administration.record(actor, Map.of("change", "department-update", "department", d.getKey(),
                        "name", known.get().name() + " → " + d.getValue(), "via", "staff-import"));
                changed++;
            }
        }
        return changed;
    }

    private Issued create(String actor, StaffCsv.Row row) {
        String password = GeneratedPasswords.next();
        jdbc.sql("""
                INSERT INTO staff_account (username, display_name, password_hash, role, department_id)
                VALUES (:u, :d, :p, :r, :dept)
                """).param("u", row.username()).param("d", row.displayName()).param("p", encoder.encode(password))
                .param("r", row.role().name()).param("dept", row.departmentId()).update();
        administration.record(actor, Map.of("change", "create", "account", row.username(),
                "displayName", row.displayName(), "department", row.departmentId(), "role", row.role().name(),
                "password", "issued", "via", "staff-import"));
        return new Issued(row.username(), row.displayName(), password);
    }

    private boolean update(String actor, StaffAccount before, StaffCsv.Row row) {
        Map<String, String> changes = new LinkedHashMap<>();
        diff(changes, "displayName", before.displayName(), row.displayName());
        diff(changes, "department", before.departmentId(), row.departmentId());
        diff(changes, "role", before.role().name(), row.role().name());
        if (changes.isEmpty()) {
            return false;
        }
        jdbc.sql("UPDATE staff_account SET display_name = :d, department_id = :dept, role = :r WHERE username = :u")
                .param("d", row.displayName()).param("dept", row.departmentId()).param("r", row.role().name())
                .param("u", row.username()).update();
        changes.put("change", "update");
        changes.put("account", row.username());
        changes.put("via", "staff-import");
        administration.record(actor, changes);
        return true;
    }

    private static Outcome rejected(StaffCsv.Problem problem, String encoding) {
        return new Outcome(List.of(problem), List.of(), 0, 0, 0, encoding);
    }

    private static void diff(Map<String, String> changes, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, before + " → " + after);
        }
    }
}
