package jp.tsunagu.bench;

/**
 * A benchmark did not do the work it measured (検査失敗): rows missing after an import, a search that
 * did not find its person, a user who could not log in, a request that failed. Its figures then
 * measure something else, so the command ends non-zero with this message.
 */
class BenchCheckFailed extends RuntimeException {

    static final int EXIT_CODE = 5;

    BenchCheckFailed(String message) {
        super(message);
    }

    /** Throws when {@code ok} is false. */
    static void check(boolean ok, String message) {
        if (!ok) {
            throw new BenchCheckFailed(message);
        }
    }
}
