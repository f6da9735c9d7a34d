package jp.tsunagu.procedures;

import jp.tsunagu.access.GrantLevel;

/**
 * A procedure item as one viewer may see it: in detail (the grant of its program's source, or its own
 * department), or only that there is a procedure and whom to ask (「手続きあり — 担当: こども支援課 (内線
 * 2410)」). Items the viewer may not know of at all are never made into one.
 */
public record VisibleItem(ProcedureItem item, boolean detail, String departmentName, String departmentText) {

    static VisibleItem of(ProcedureItem item, GrantLevel level, Departments.Named department) {
        return new VisibleItem(item, level == GrantLevel.DETAIL, department.name(), department.text());
    }
}
