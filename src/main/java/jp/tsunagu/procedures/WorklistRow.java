package jp.tsunagu.procedures;

/**
 * One row of a department's worklist: the item, who it is for, and their 町丁目 as the viewer may see it
 * (「（支援措置のため非表示）」 for a 支援措置 person).
 */
public record WorklistRow(ProcedureItem item, String name, String kana, String town, boolean overdue) {
}
