package jp.tsunagu.documents;

/**
 * The store could not take or give a file (保存先の障害): the object storage unreachable or refusing the
 * credentials, a full or broken disk. Nothing was registered; the message says so in Japanese, and the clerk can
 * send the file again once the store is back. The cause (for the log) names the store and what it answered.
 */
public class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The answer to the clerk when {@code fileName} could not be stored. */
    static StoreUnavailableException upload(String fileName, Throwable cause) {
        return new StoreUnavailableException(fileName + ": 添付ファイルの保存先に書き込めなかったため、登録していません。"
                + "しばらくしてからもう一度送ってください。続くときはシステムの管理者に連絡してください", cause);
    }
}
