package jp.tsunagu.printing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;

/** A printed PDF read back with PDFBox: each page's text, media box and fonts. */
record PrintedPdf(List<String> pages, List<PDRectangle> boxes, List<List<PDFont>> fonts) {

    static PrintedPdf read(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> pages = new ArrayList<>();
            List<PDRectangle> boxes = new ArrayList<>();
            List<List<PDFont>> fonts = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            for (int i = 1; i <= document.getNumberOfPages(); i++) {
                stripper.setStartPage(i);
                stripper.setEndPage(i);
                pages.add(stripper.getText(document));
                PDPage page = document.getPage(i - 1);
                boxes.add(page.getMediaBox());
                List<PDFont> ofPage = new ArrayList<>();
                for (COSName name : page.getResources().getFontNames()) {
                    ofPage.add(page.getResources().getFont(name));
                }
                fonts.add(ofPage);
            }
            return new PrintedPdf(pages, boxes, fonts);
        }
    }

    int pageCount() {
        return pages.size();
    }

    String text() {
        return String.join("\n", pages);
    }

    /** The page's lines, stripped. */
    List<String> lines(int page) {
        return pages.get(page).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Every page's lines. */
    List<String> allLines() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            all.addAll(lines(i));
        }
        return all;
    }
}
