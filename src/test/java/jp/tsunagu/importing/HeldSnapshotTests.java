package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A snapshot that would end too many records is held; idempotent re-import of the same bytes. */
@TsunaguTest
class HeldSnapshotTests {

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    SourceDefinition source;
    Path full;

    @BeforeEach
    void twentyRecords() {
        source = TestSources.basic(catalog);
        full = file("full.csv", 20);
        assertThat(imports.importFile(source.id(), full, "test", "t").added()).isEqualTo(20);
    }

    @Test
    void heldSnapshotChangesNothingUntilConfirmed() {
        ImportReport held = imports.importFile(source.id(), file("truncated.csv", 15), "test", "t");

        assertThat(held.status()).isEqualTo(ImportStatus.HELD);
        assertThat(held.exitCode()).isEqualTo(3);
        assertThat(held.ended()).isEqualTo(5);
        assertThat(held.message()).contains("20 件のうち 5 件");
        assertThat(currentCount()).isEqualTo(20);

        ImportReport confirmed = imports.confirm(held.runId(), "kanri");
        assertThat(confirmed.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(currentCount()).isEqualTo(15);
        assertThat(jdbc.sql("SELECT decided_by FROM import_run WHERE run_id = :r").param("r", held.runId())
                .query(String.class).single()).isEqualTo("kanri");
    }

    @Test
    void discardedSnapshotIsNeverApplied() {
        ImportReport held = imports.importFile(source.id(), file("truncated.csv", 2), "test", "t");
        assertThat(held.status()).isEqualTo(ImportStatus.HELD);

        assertThat(imports.discard(held.runId(), "kanri").status()).isEqualTo(ImportStatus.DISCARDED);
        assertThat(currentCount()).isEqualTo(20);
        assertThatThrownBy(() -> imports.confirm(held.runId(), "kanri")).hasMessageContaining("保留中ではありません");
    }

    @Test
    void heldSnapshotGoneStaleCannotBeConfirmed() {
        ImportReport held = imports.importFile(source.id(), file("truncated.csv", 2), "test", "t");
        ImportReport newer = imports.importFile(source.id(), file("newer.csv", 21), "test", "t");
        assertThat(newer.status()).isEqualTo(ImportStatus.APPLIED);

        assertThatThrownBy(() -> imports.confirm(held.runId(), "kanri")).hasMessageContaining("もう一度取り込んで");
        assertThat(currentCount()).isEqualTo(21);
    }

    @Test
    void endingUpToTheShareIsAppliedAtOnce() {
        ImportReport report = imports.importFile(source.id(), file("two-less.csv", 18), "test", "t");
        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(currentCount()).isEqualTo(18);
    }

    @Test
    void sameBytesTwiceIsANoOpThatSaysSo() {
        long runBefore = currentRun();
        ImportReport again = imports.importFile(source.id(), full, "test", "t");

        assertThat(again.status()).isEqualTo(ImportStatus.DUPLICATE);
        assertThat(again.exitCode()).isZero();
        assertThat(again.message()).contains("取込済み");
        assertThat(currentRun()).isEqualTo(runBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM record_change WHERE run_id = :r").param("r", again.runId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void sameContentInOtherBytesIsUnchanged() {
        Path crlf = TestSources.write(dir, "crlf.csv",
                content(20).replace("\n", "\r\n"), StandardCharsets.UTF_8);
        ImportReport report = imports.importFile(source.id(), crlf, "test", "t");
        assertThat(report.status()).isEqualTo(ImportStatus.UNCHANGED);
        assertThat(report.unchanged()).isEqualTo(20);
    }

    private long currentCount() {
        return jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single();
    }

    private long currentRun() {
        return jdbc.sql("SELECT current_run FROM source WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single();
    }

    private Path file(String name, int rows) {
        return TestSources.write(dir, name, content(rows), StandardCharsets.UTF_8);
    }

    private static String content(int rows) {
        StringBuilder sb = new StringBuilder("宛名番号,認定日,状態,備考\n");
        for (int i = 0; i < rows; i++) {
            sb.append(100_000 + i).append(",令和6年4月1日,1,row").append(i).append('\n');
        }
        return sb.toString();
    }
}
