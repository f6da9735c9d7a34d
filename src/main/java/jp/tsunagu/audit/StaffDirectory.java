package jp.tsunagu.audit;

import java.util.Collection;
import java.util.Map;

/**
 * Who a user ID and a department ID are (職員名簿), for the auditor's screens: the trail stores IDs
 * (they never change), an auditor reads names. The access module, which owns the accounts, provides
 * it; the audit module may not call that module (it records for it), hence this interface here.
 */
public interface StaffDirectory {

    /** The display names of those user IDs that are accounts; others are left out. */
    Map<String, String> staffNames(Collection<String> usernames);

    /** The names of those department IDs that exist; others are left out. */
    Map<String, String> departmentNames(Collection<String> departmentIds);
}
