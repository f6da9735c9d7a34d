package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Registering a folder of definitions warns, naming the file and the column, of an address column without a kind. */
@TsunaguTest
@ExtendWith(OutputCaptureExtension.class)
class WhereaboutsWarningAtStartTests {

    @Autowired
    SourceCatalog catalog;
    @TempDir
    Path dir;

    @Test
    void aFolderWithAnUnmarkedAddressColumnIsRegisteredWithAWarningNamingFileAndColumn(CapturedOutput output)
            throws Exception {
        Path file = dir.resolve("warn-fukushi.yml");
        Files.writeString(file, """
                name: 配食サービス
                program: 高齢者福祉
                department: {id: korei, name: 高齢福祉課}
                encoding: UTF-8
                personKey: {column: 宛名番号}
                fields:
                  - {name: delivery, column: 配達先住所}
                  - {name: tel, column: 電話, kind: phone}
                  - {name: meals, column: 食数, type: integer}
                """);
        catalog.registerFolder(dir);

        assertThat(catalog.find("warn-fukushi")).isPresent();
        assertThat(output.getAll()).contains(file + ": 列「配達先住所」(delivery) は住所・電話番号などに見えますが")
                .doesNotContain("列「電話」").doesNotContain("列「食数」");
    }
}
