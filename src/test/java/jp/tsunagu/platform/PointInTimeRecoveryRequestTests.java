package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@code restore … --until} reads its arguments and how the WAL archive names and commands read: what an
 * operator types, and what PostgreSQL is given. No database.
 */
class PointInTimeRecoveryRequestTests {

    @Test
    void aMomentIsReadAsPostgreSQLWritesItAndWithoutAnOffsetInJapansTime() {
        assertThat(PointInTimeRecovery.Request.time("2026-12-03 10:15:00+09"))
                .isEqualTo(OffsetDateTime.parse("2026-12-03T01:15:00Z"));
        assertThat(PointInTimeRecovery.Request.time("2026-12-03T10:15:30.250+09:00"))
                .isEqualTo(OffsetDateTime.parse("2026-12-03T01:15:30.250Z"));
        assertThat(PointInTimeRecovery.Request.time("2026-12-03 10:15"))
                .isEqualTo(OffsetDateTime.parse("2026-12-03T10:15:00+09:00"));
        assertThat(PointInTimeRecovery.Request.time("2026-12-03T01:15:00.123456Z"))
                .isEqualTo(OffsetDateTime.parse("2026-12-03T10:15:00.123456+09:00"));
        assertThatThrownBy(() -> PointInTimeRecovery.Request.time("令和8年12月3日"))
                .isInstanceOf(PointInTimeRecovery.Refused.class).hasMessageContaining("--until の時刻が読めません");
    }

    @Test
    void oneTargetOfThreeKindsAndAnotherArchiveAreTaken() {
        var byName = PointInTimeRecovery.Request.parse(List.of("/b", "--until-name", "before-import", "--archive", "/a"));
        assertThat(byName.folder()).isEqualTo(Path.of("/b"));
        assertThat(byName.target().setting()).isEqualTo("recovery_target_name");
        assertThat(byName.target().value()).isEqualTo("before-import");
        assertThat(byName.archive()).isEqualTo(Path.of("/a"));
        assertThat(PointInTimeRecovery.Request.parse(List.of("/b", "--until-lsn", "0/3000060")).target().setting())
                .isEqualTo("recovery_target_lsn");
        assertThat(PointInTimeRecovery.Request.asked(List.of("/b", "--replace"))).isFalse();

        assertThatThrownBy(() -> PointInTimeRecovery.Request.parse(List.of("/b", "--until", "2026-12-03 10:15",
                "--until-name", "x"))).hasMessageContaining("どれか一つだけ");
        assertThatThrownBy(() -> PointInTimeRecovery.Request.parse(List.of("/b", "--until-lsn", "3000060")))
                .hasMessageContaining("WAL位置が読めません");
        assertThatThrownBy(() -> PointInTimeRecovery.Request.parse(List.of("--until", "2026-12-03 10:15")))
                .hasMessageContaining("ベースバックアップのフォルダ");
        assertThatThrownBy(() -> PointInTimeRecovery.Request.parse(List.of("/b", "--until")))
                .hasMessageContaining("--until の後に値");
    }

    @Test
    void segmentsAreCountedAcrossTheLogBoundaryAndAGapIsNamed() throws Exception {
        long size = 16L * 1024 * 1024;
        assertThat(WalArchive.number("0000000100000001000000FF", size) + 1)
                .isEqualTo(WalArchive.number("000000010000000200000000", size));
        assertThat(WalArchive.name("00000001", WalArchive.number("0000000100000001000000FF", size) + 1, size))
                .isEqualTo("000000010000000200000000");

        Path folder = java.nio.file.Files.createTempDirectory("wal-archive");
        WalArchive archive = WalArchive.at(folder);
        for (String s : List.of("000000010000000000000003", "000000010000000000000004", "000000010000000000000006",
                "000000020000000000000009", ".000000010000000000000005.tmp")) {
            java.nio.file.Files.writeString(folder.resolve(s), "x");
        }
        assertThat(archive.firstGapAfter("000000010000000000000003", size)).contains("000000010000000000000005");
        assertThat(archive.firstGapAfter("000000010000000000000006", size)).isEmpty();
    }

    @Test
    void theArchiveCommandNeverOverwritesAndCopiesUnderAHiddenNameFirst() {
        WalArchive archive = WalArchive.at(Path.of("/backup/tsunagu wal"));
        assertThat(archive.archiveCommand()).isEqualTo("test ! -f \"/backup/tsunagu wal/%f\" && cp \"%p\" "
                + "\"/backup/tsunagu wal/.%f.tmp\" && sync \"/backup/tsunagu wal/.%f.tmp\" && mv "
                + "\"/backup/tsunagu wal/.%f.tmp\" \"/backup/tsunagu wal/%f\" && sync \"/backup/tsunagu wal\"");
        assertThat(archive.archiveCommandForCommandLine()).startsWith("'test ! -f").endsWith("'");
        assertThat(archive.restoreCommand()).isEqualTo("cp \"/backup/tsunagu wal/%f\" \"%p\"");
        assertThat(WalArchive.at(Path.of("/backup/100%")).restoreCommand()).isEqualTo("cp \"/backup/100%%/%f\" \"%p\"");
        assertThatThrownBy(() -> WalArchive.at(Path.of("/backup/it's")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("使えない文字");
    }
}
