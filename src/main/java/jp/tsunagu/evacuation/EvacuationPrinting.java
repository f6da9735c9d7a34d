package jp.tsunagu.evacuation;

import jp.tsunagu.platform.TokyoTime;
import org.springframework.stereotype.Component;

/** The files a handover is given as (提供する名簿のファイル): the PDF and the Excel workbook of one given list. */
@Component
public class EvacuationPrinting {

    private final ListPdf pdf;

    EvacuationPrinting(ListPdf pdf) {
        this.pdf = pdf;
    }

    /** A4 landscape, 取扱注意, district, recipient and day on every page, page numbers, the diff at the end. */
    public byte[] pdf(Handovers.Given given) {
        return pdf.handover(given);
    }

    /** The list sheet (statutory items only, printed landscape with the same header) and the diff sheet. */
    public byte[] xlsx(Handovers.Given given) {
        return ListWorkbook.handover(given, Roster.display(given.handover().givenAt()
                .atZoneSameInstant(TokyoTime.ZONE).toLocalDate()));
    }
}
