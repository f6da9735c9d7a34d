package jp.tsunagu.procedures;

import java.util.HashMap;
import java.util.Map;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.programs.Programs;
import org.springframework.stereotype.Component;

/**
 * The departments' names and contacts as a checklist shows them (担当課と連絡先): the staff accounts' own
 * departments first, then the departments the source definitions name, else the id itself.
 */
@Component("procedureDepartments")
class Departments {

    /** A department as an item shows it. */
    record Named(String id, String name, String contact) {

        /** 「こども支援課 (内線 2410)」 */
        String text() {
            return contact == null || contact.isBlank() ? name : name + " (" + contact + ")";
        }
    }

    private final StaffAccounts staff;
    private final Programs programs;

    Departments(StaffAccounts staff, Programs programs) {
        this.staff = staff;
        this.programs = programs;
    }

    /** Every department known now, by id (read once per page). */
    Map<String, Named> all() {
        Map<String, Named> named = new HashMap<>();
        programs.programSources().forEach(s -> named.putIfAbsent(s.department().id(),
                new Named(s.department().id(), s.department().name(), s.department().contact())));
        programs.source("jumin-kiroku").ifPresent(s -> named.putIfAbsent(s.department().id(),
                new Named(s.department().id(), s.department().name(), s.department().contact())));
        staff.departments().forEach(d -> named.put(d.id(), new Named(d.id(), d.name(), d.extension())));
        return named;
    }

    static Named of(Map<String, Named> all, String id) {
        return all.getOrDefault(id, new Named(id, id, null));
    }
}
