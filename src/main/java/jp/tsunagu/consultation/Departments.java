package jp.tsunagu.consultation;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.tsunagu.access.Department;
import jp.tsunagu.access.StaffAccounts;
import org.springframework.stereotype.Component;

/** The departments' names and contacts, as the records show who to ask (担当課と連絡先). */
@Component("consultationDepartments")
class Departments {

    private final StaffAccounts staff;

    Departments(StaffAccounts staff) {
        this.staff = staff;
    }

    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Department d : staff.departments()) {
            names.put(d.id(), d.name());
        }
        return names;
    }

    /** 「こども支援課 (内線 2410)」, or the ID when the department is unknown. */
    String contact(String id) {
        return staff.department(id).map(d -> d.name() + (d.extension() == null || d.extension().isBlank() ? ""
                : " (" + d.extension() + ")")).orElse(id);
    }
}
