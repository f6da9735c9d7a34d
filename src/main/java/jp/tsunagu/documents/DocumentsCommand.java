package jp.tsunagu.documents;

import java.util.List;
import jp.tsunagu.platform.Command;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar tsunagu.jar documents check [--repair]}: lists the store's orphans (exit 0 when there are
 * none, 3 when there are, 4 when a file named by a row is missing) and, with {@code --repair}, deletes what is
 * left over and checks again (exit 0 when nothing is left, 4 when files are missing).
 */
@Component
class DocumentsCommand implements Command {

    static final int EXIT_ORPHANS = 3;
    static final int EXIT_LOST = 4;

    private final StoreCheck check;
    private final FileStore files;

    DocumentsCommand(StoreCheck check, FileStore files) {
        this.check = check;
        this.files = files;
    }

    @Override
    public String name() {
        return "documents";
    }

    @Override
    public String usage() {
        return "documents check [--repair]";
    }

    @Override
    public int run(List<String> args) {
        boolean repair = args.equals(List.of("check", "--repair"));
        if (!repair && !args.equals(List.of("check"))) {
            System.err.println("使い方: java -jar tsunagu.jar " + usage());
            return 2;
        }
        StoreCheck.Result result = check.run(repair);
        System.out.println("添付ファイルの保存先 " + files.describe() + " を検査しました。");
        report("行のないファイル (登録が途中で止まったもの)", result.orphanFiles(), repair ? "削除しました" : null);
        report("一時ファイルの残り (書込みが途中で止まったもの)", result.leftovers(), repair ? "削除しました" : null);
        report("どの添付からも使われていない保存内容", result.unreferenced(), repair ? "削除しました" : null);
        report("ファイルが見つからない保存内容 (バックアップから戻してください)", result.missing(), null);
        check.documentsOf(result.missing()).forEach(d -> System.out.println("    " + d));
        if (result.clean()) {
            System.out.println("問題はありません。");
            return 0;
        }
        if (repair) {
            // checked once more, so the operator reads what is left after the repair, not only what was done
            StoreCheck.Result after = check.run(false);
            System.out.println(after.clean() ? "片付けた後の検査: 問題はありません。" : "片付けた後の検査: まだ "
                    + (after.orphanFiles().size() + after.leftovers().size() + after.unreferenced().size()
                            + after.missing().size()) + " 件あります。");
            return after.lost() ? EXIT_LOST : after.clean() ? 0 : EXIT_ORPHANS;
        }
        return result.lost() ? EXIT_LOST : EXIT_ORPHANS;
    }

    private static void report(String what, List<String> names, String done) {
        if (names.isEmpty()) {
            return;
        }
        System.out.printf("%s: %,d 件%s%n", what, names.size(), done == null ? "" : " — " + done);
        names.stream().limit(20).forEach(n -> System.out.println("  " + StoreCheck.shortName(n)));
        if (names.size() > 20) {
            System.out.printf("  … ほか %,d 件%n", names.size() - 20);
        }
    }
}
