package jp.tsunagu.importing;

/** A source id that no definition names. */
public class UnknownSourceException extends RuntimeException {

    public UnknownSourceException(String id) {
        super("連携元 '" + id + "' は定義されていません");
    }
}
