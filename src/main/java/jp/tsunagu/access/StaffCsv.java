package jp.tsunagu.access;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a staff CSV (職員一覧): the header {@code 職員ID,氏名,所属ID,所属名,役割}, then one staff member
 * a line, in UTF-8 (with or without BOM) or Shift_JIS. Every line is checked and every problem
 * reported with its line number; the file is usable only if there are none.
 */
final class StaffCsv {

    static final List<String> HEADER = List.of("職員ID", "氏名", "所属ID", "所属名", "役割");

    /** One staff member as the file gives them. */
    record Row(long line, String username, String displayName, String departmentId, String departmentName,
            Role role) {
    }

    /** A problem on one line (line 0: the file as a whole). */
    record Problem(long line, String message) {
    }

    record Result(List<Row> rows, List<Problem> problems, String encoding) {
    }

    private StaffCsv() {
    }

    static Result read(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        String encoding = "UTF-8";
        Optional<String> text = decode(bytes, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            encoding = "Shift_JIS";
            // Windows-31J: Shift_JIS as Japanese Windows and Excel write it (with ① and 髙)
            text = decode(bytes, Charset.forName("windows-31j"));
        }
        if (text.isEmpty()) {
            problems.add(new Problem(0, "文字コードを判別できません。UTF-8 か Shift_JIS で保存してください"));
            return new Result(List.of(), problems, null);
        }
        String csv = text.get().startsWith("\uFEFF") ? text.get().substring(1) : text.get();
        List<Row> rows = new ArrayList<>();
        Map<String, Long> firstLineOfId = new HashMap<>();
        Map<String, Row> departmentNames = new HashMap<>();
        boolean header = true;
        for (CsvRecord record : CsvReader.builder().allowMissingFields(true).allowExtraFields(true)
                .skipEmptyLines(true).ofCsvRecord(csv)) {
            long line = record.getStartingLineNumber();
            List<String> fields = record.getFields().stream().map(String::strip).toList();
            if (header) {
                header = false;
                if (!fields.equals(HEADER)) {
                    problems.add(new Problem(line, "見出し行は「" + String.join(",", HEADER) + "」にしてください (いまは「"
                            + String.join(",", fields) + "」)"));
                    return new Result(List.of(), problems, encoding);
                }
                continue;
            }
            if (fields.size() != HEADER.size()) {
                problems.add(new Problem(line, "項目の数が " + fields.size() + " 個です (" + HEADER.size() + " 個必要です)"));
                continue;
            }
            List<String> lineProblems = new ArrayList<>();
            AccountRules.staffId(fields.get(0)).ifPresent(lineProblems::add);
            AccountRules.displayName(fields.get(1)).ifPresent(lineProblems::add);
            AccountRules.departmentId(fields.get(2)).ifPresent(lineProblems::add);
            AccountRules.departmentName(fields.get(3)).ifPresent(lineProblems::add);
            Optional<Role> role = AccountRules.role(fields.get(4));
            if (role.isEmpty()) {
                lineProblems.add("役割「" + fields.get(4) + "」は 閲覧者・担当者・管理者・監査者 "
                        + "(または VIEWER・CASEWORKER・ADMIN・AUDITOR) のどれかにしてください");
            }
            Long earlier = firstLineOfId.putIfAbsent(fields.get(0), line);
            if (earlier != null && !fields.get(0).isEmpty()) {
                lineProblems.add("職員ID「" + fields.get(0) + "」は " + earlier + " 行目にもあります");
            }
            Row row = new Row(line, fields.get(0), fields.get(1), fields.get(2), fields.get(3), role.orElse(null));
            Row sameDepartment = departmentNames.putIfAbsent(row.departmentId(), row);
            if (sameDepartment != null && !sameDepartment.departmentName().equals(row.departmentName())) {
                lineProblems.add("所属ID「" + row.departmentId() + "」の所属名が " + sameDepartment.line()
                        + " 行目 (「" + sameDepartment.departmentName() + "」) と違います");
            }
            lineProblems.forEach(p -> problems.add(new Problem(line, p)));
            rows.add(row);
        }
        if (header) {
            problems.add(new Problem(0, "ファイルが空です"));
        } else if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(0, "職員の行がありません"));
        }
        return new Result(rows, problems, encoding);
    }

    private static Optional<String> decode(byte[] bytes, Charset charset) {
        try {
            CharBuffer chars = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
