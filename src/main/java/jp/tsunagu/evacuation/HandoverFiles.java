package jp.tsunagu.evacuation;

import jp.tsunagu.platform.TokyoTime;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** The file a handover answers with, named after the district, the recipient and the day. */
@Component
class HandoverFiles {

    private final EvacuationPrinting printing;

    HandoverFiles(EvacuationPrinting printing) {
        this.printing = printing;
    }

    ResponseEntity<byte[]> answer(Handovers.Given given) {
        String day = given.handover().givenAt().atZoneSameInstant(TokyoTime.ZONE).toLocalDate().toString()
                .replace("-", "");
        String base = "避難行動要支援者名簿_" + given.districtName() + "_" + given.handover().recipient() + "_" + day;
        if (given.handover().format().equals("pdf")) {
            return jp.tsunagu.printing.PdfAnswer.attachment(printing.pdf(given), base + ".pdf");
        }
        String ascii = "evacuation-list-" + given.handover().districtId() + "-" + given.handover().id();
        return EvacuationController.file(printing.xlsx(given), base + ".xlsx", ascii + ".xlsx", EvacuationController.XLSX);
    }
}
