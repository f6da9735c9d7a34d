package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@TsunaguTest
class SnapshotImportTests {

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    static final String DAY1 = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,"札幌, 北区"
            100010,R01.05.01,1,"一行目
            二行目"
            0000100029,3640107,2,
            0000100037,2019/5/1,1,ok
            """;

    @Test
    void firstImportAddsEveryRowWithNormalisedValues() {
        SourceDefinition source = TestSources.basic(catalog);
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "day1.csv", DAY1,
                StandardCharsets.UTF_8), "test", "tester");

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.added()).isEqualTo(4);
        assertThat(report.rowsRead()).isEqualTo(4);
        Map<String, String> data = records(source.id());
        assertThat(data).containsOnlyKeys("0000100002", "0000100010", "0000100029", "0000100037");
        assertThat(data.get("0000100002")).contains("\"started_on\":\"2019-05-01\"").contains("札幌, 北区");
        assertThat(data.get("0000100010")).contains("一行目\\n二行目");
        assertThat(data.get("0000100029")).contains("1989-01-07");
    }

    @Test
    void nextDaySnapshotAppliesOnlyTheDifferencesAndKeepsHistory() {
        SourceDefinition source = TestSources.basic(catalog, "UTF-8", ",", 0.5);
        imports.importFile(source.id(), TestSources.write(dir, "day1.csv", DAY1, StandardCharsets.UTF_8), "test", "t");
        String day2 = """
                宛名番号,認定日,状態,備考
                100002,令和元年5月1日,1,"札幌, 北区"
                0000100010,R01.05.01,2,"一行目
                二行目"
                0000100037,2019/5/1,1,ok
                0000100045,20240401,1,new
                """;
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "day2.csv", day2,
                StandardCharsets.UTF_8), "test", "t");

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(List.of(report.added(), report.changed(), report.ended(), report.unchanged()))
                .containsExactly(1L, 1L, 1L, 2L);
        assertThat(jdbc.sql("SELECT kind || ':' || record_key FROM record_change WHERE run_id = :r ORDER BY 1")
                .param("r", report.runId()).query(String.class).list())
                .containsExactly("A:0000100045", "C:0000100010", "E:0000100029");
        assertThat(jdbc.sql("""
                SELECT (before->>'status') || '>' || (after->>'status') FROM record_change_detail
                 WHERE run_id = :r AND kind = 'C'""").param("r", report.runId()).query(String.class).single())
                .isEqualTo("1>2");
        assertThat(jdbc.sql("SELECT count(*) FROM source_record_history WHERE source_id = :s AND valid_to_run = :r")
                .param("s", source.id()).param("r", report.runId()).query(Long.class).single()).isEqualTo(2);
    }

    Map<String, String> records(String sourceId) {
        return jdbc.sql("SELECT record_key, data::text FROM source_record WHERE source_id = :s")
                .param("s", sourceId)
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
