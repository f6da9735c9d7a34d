package jp.tsunagu.importing;

/** Where an import run stands (取込状態). */
public enum ImportStatus {
    /** 実行中 */
    RUNNING("実行中", 1),
    /** 反映済: the differences were applied. */
    APPLIED("反映済", 0),
    /** 変更なし: valid, but nothing differed from the current records. */
    UNCHANGED("変更なし", 0),
    /** 取込済の同一ファイル: the same bytes were already applied; nothing was done. */
    DUPLICATE("同一ファイル (取込済)", 0),
    /** 保留: would end too many records; waits for an administrator. */
    HELD("保留 (確認待ち)", 3),
    /** 却下: the file had errors; nothing was applied. */
    REJECTED("却下", 2),
    /** 破棄: a held snapshot that an administrator discarded. */
    DISCARDED("破棄", 0),
    /** 失敗: failed for a reason other than the file. */
    FAILED("失敗", 1),
    /**
     * 中断: a stop of the application (or a crash) interrupted it; nothing was applied and the same file can be
     * imported again.
     */
    INTERRUPTED("中断", 1);

    private final String label;
    private final int exitCode;

    ImportStatus(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public String label() {
        return label;
    }

    /** The exit code of the command line: 0 applied, 3 held, 2 rejected, 1 other failure. */
    public int exitCode() {
        return exitCode;
    }
}
