package jp.tsunagu.evacuation;

import jp.tsunagu.platform.TokyoTime;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** The file a handover answers with, named after the district, the recipient and the day. */
@Component
class HandoverFiles {

    private final TokyoTime time;

    HandoverFiles(TokyoTime time) {
        this.time = time;
    }

    ResponseEntity<byte[]> answer(Handovers.Given given) {
        String day = given.handover().givenAt().atZoneSameInstant(TokyoTime.ZONE).toLocalDate().toString()
                .replace("-", "");
        String givenOn = Roster.display(time.today());
        String base = "避難行動要支援者名簿_" + given.districtName() + "_" + given.handover().recipient() + "_" + day;
        String ascii = "evacuation-list-" + given.handover().districtId() + "-" + given.handover().id();
        return EvacuationController.file(ListWorkbook.handover(given, givenOn), base + ".xlsx", ascii + ".xlsx",
                EvacuationController.XLSX);
    }
}
