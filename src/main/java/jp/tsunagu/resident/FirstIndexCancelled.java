package jp.tsunagu.resident;

/**
 * A first index stopped at a safe point because its thread was interrupted (a stop of the application):
 * nothing of it is visible, and the import's event, left unfinished, builds it again on the next start.
 */
class FirstIndexCancelled extends RuntimeException {

    FirstIndexCancelled() {
        super("宛名索引の作成を中断しました。次の起動時に最初から作り直します");
    }
}
