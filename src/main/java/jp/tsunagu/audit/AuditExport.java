package jp.tsunagu.audit;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jp.tsunagu.platform.SpreadsheetCells;
import org.springframework.stereotype.Component;

/**
 * The CSV export of an audit query (記録の出力). The export is itself recorded, with its filters and
 * row count, before a single row is written; rows are streamed from the database.
 *
 * <p>The file is UTF-8 with a byte order mark and CRLF line ends: without the mark, Excel on
 * Japanese Windows reads it as Shift_JIS and shows mojibake.
 */
@Component
class AuditExport {

    /** The time twice: ISO-8601 with +09:00 for a program, 和暦 for a person reading it in Excel. */
    static final String[] HEADER = {"連番", "日時", "日時 (表示)", "職員ID", "職員名", "操作", "宛名番号", "内容", "要確認"};
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** An export that has been recorded and may now be written. */
    record Recorded(AuditQuery query, AuditQueries.Extent extent) {
    }

    private final AuditQueries queries;
    private final AuditTrail trail;
    private final AuditWording wording;

    AuditExport(AuditQueries queries, AuditTrail trail, AuditWording wording) {
        this.queries = queries;
        this.trail = trail;
        this.wording = wording;
    }

    /**
     * Counts what the export will contain and records the export in the audit trail.
     *
     * @throws AuditUnavailableException if the record cannot be written: nothing may be exported then
     */
    Recorded record(AuditQuery query, String auditor) {
        AuditQueries.Extent extent = queries.extent(query);
        Map<String, String> detail = new LinkedHashMap<>(query.detail());
        detail.put("format", "csv");
        detail.put("rows", Long.toString(extent.rows()));
        detail.put("upTo", Long.toString(extent.upTo()));
        trail.record(new AuditEvent(auditor, AuditAction.EXPORT, query.personKey(), detail, false));
        return new Recorded(query, extent);
    }

    /** Writes the recorded export: exactly the rows that were counted, oldest first. */
    void write(Recorded export, OutputStream out) throws IOException {
        out.write(BOM);
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(out, StandardCharsets.UTF_8);
        csv.writeRecord(HEADER);
        var rows = wording.streaming(Locale.JAPANESE);
        queries.stream(export.query(), export.extent().upTo(), e -> {
            AuditRow row = rows.apply(e);
            // the name typed at a failed login is stored as it was typed: =HYPERLINK(…) must stay text
            csv.writeRecord(Long.toString(row.seq()), row.atIso(), row.atText(), SpreadsheetCells.csvText(row.actor()),
                    SpreadsheetCells.csvText(row.actorName()), row.actionLabel(), SpreadsheetCells.csvText(row.personKey()),
                    SpreadsheetCells.csvText(String.join("; ", row.lines())), row.flagged() ? "要確認" : "");
        });
        csv.flush();
    }
}
