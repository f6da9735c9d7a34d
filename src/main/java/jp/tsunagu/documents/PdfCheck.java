package jp.tsunagu.documents;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A PDF looked through before it is stored (PDF の検査): refused when it is encrypted (it cannot be looked
 * through), carries JavaScript anywhere (the names tree, an OpenAction or additional action, a link, a form
 * field — every object is visited, whether reachable from the catalogue or not), a Launch, ImportData or
 * SubmitForm action, or embedded files. Otherwise its page count and first page as an image are taken.
 */
final class PdfCheck {

    /** What a checked PDF gives: its page count and its first page rendered small. */
    record Checked(int pages, BufferedImage firstPage) {
    }

    private static final Set<String> ACTIONS = Set.of("JavaScript", "Launch", "ImportData", "SubmitForm",
            "RichMediaExecute", "GoToE");
    private static final COSName JS = COSName.getPDFName("JS");

    private PdfCheck() {
    }

    static Checked check(byte[] bytes, String fileName) {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            if (document.isEncrypted()) {
                throw new RefusedFileException("pdf-encrypted", fileName
                        + " はパスワードや暗号化のかかった PDF のため、中身を確かめられず受け付けられません。"
                        + "保護を外した PDF にしてください");
            }
            COSDocument cos = document.getDocument();
            Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            visit(cos.getTrailer(), seen, fileName);
            for (COSObjectKey key : cos.getXrefTable().keySet()) {
                COSObject object = cos.getObjectFromPool(key);
                if (object != null) {
                    visit(object.getObject(), seen, fileName);
                }
            }
            int pages = document.getNumberOfPages();
            BufferedImage first = pages == 0 ? null
                    : new PDFRenderer(document).renderImageWithDPI(0, 36, ImageType.RGB);
            return new Checked(pages, first);
        } catch (RefusedFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RefusedFileException("pdf-unreadable", fileName + " は PDF として読めません (壊れているか、"
                    + "PDF ではありません)", e);
        }
    }

    private static void visit(COSBase base, Set<COSBase> seen, String fileName) {
        COSBase node = base instanceof COSObject object ? object.getObject() : base;
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof COSDictionary dictionary) {
            if (dictionary.containsKey(JS) || dictionary.containsKey(COSName.JAVA_SCRIPT)) {
                throw refusedScript(fileName);
            }
            COSName action = dictionary.getCOSName(COSName.S);
            if (action != null && ACTIONS.contains(action.getName())) {
                if (action.getName().equals("JavaScript")) {
                    throw refusedScript(fileName);
                }
                throw new RefusedFileException("pdf-action", fileName + " は開いたときに外部のプログラムやファイルを"
                        + "動かす動作 (" + action.getName() + ") を含むため、受け付けられません");
            }
            if (COSName.EMBEDDED_FILE.equals(dictionary.getCOSName(COSName.TYPE))
                    || dictionary.containsKey(COSName.EMBEDDED_FILES)) {
                throw new RefusedFileException("pdf-embedded", fileName
                        + " は中に別のファイルを埋め込んだ PDF のため、受け付けられません");
            }
            for (COSBase value : dictionary.getValues()) {
                visit(value, seen, fileName);
            }
        } else if (node instanceof COSArray array) {
            for (COSBase value : array) {
                visit(value, seen, fileName);
            }
        }
    }

    private static RefusedFileException refusedScript(String fileName) {
        return new RefusedFileException("pdf-script", fileName
                + " は JavaScript を含む PDF のため、受け付けられません。スクリプトのない PDF (紙からのスキャンや"
                + "「PDF として印刷」したもの) にしてください");
    }
}
