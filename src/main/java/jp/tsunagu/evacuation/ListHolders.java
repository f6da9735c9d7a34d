package jp.tsunagu.evacuation;

import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may see the list (名簿を扱う職員): administrators and staff of the departments that hold it
 * ({@code tsunagu.evacuation.holders}); while a disaster is declared, every caseworker too may record and
 * read 安否確認 (the whole city turns out), but only the holders export and hand over.
 */
@Component
class ListHolders {

    /** Refused: the viewer's department does not hold the list. */
    static class NotAHolder extends RuntimeException {
        NotAHolder(String message) {
            super(message);
        }
    }

    private final AccessPolicy access;
    private final EvacuationProperties properties;
    private final Disasters disasters;

    ListHolders(AccessPolicy access, EvacuationProperties properties, Disasters disasters) {
        this.access = access;
        this.properties = properties;
        this.disasters = disasters;
    }

    /** The viewer, when they hold the list; otherwise refused. */
    Viewer holder(Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        if (!holds(viewer)) {
            throw new NotAHolder("避難行動要支援者名簿は、名簿を扱う課の職員と管理者だけが見られます");
        }
        return viewer;
    }

    /** The viewer, when they may record 安否確認 now; otherwise refused. */
    Viewer confirmer(Authentication user) {
        Viewer viewer = access.viewer(user.getName());
        if (holds(viewer)) {
            return viewer;
        }
        if (viewer.role() == Role.CASEWORKER && disasters.current().isPresent()) {
            // the whole city turns out in a disaster
            return viewer;
        }
        throw new NotAHolder("安否確認は、災害モードの間、名簿を扱う課の職員・管理者・担当者が記録できます");
    }

    boolean holds(Viewer viewer) {
        return viewer.role() == Role.ADMIN || properties.holders().contains(viewer.departmentId());
    }
}
