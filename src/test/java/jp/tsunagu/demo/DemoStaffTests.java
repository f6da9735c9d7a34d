package jp.tsunagu.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jp.tsunagu.sample.SampleMunicipality;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The demo's staff belong to the departments the sample sources name, and the demo writes beside its database. */
class DemoStaffTests {

    @Test
    void everyDemoDepartmentThatOwnsASourceIsNamedAndReachedAsTheSourcesSay() throws IOException {
        Map<String, Map<String, Object>> owners = new HashMap<>();
        for (String id : SampleMunicipality.sourceIds()) {
            try (InputStream in = getClass().getResourceAsStream("/sample/sources/" + id + ".yml")) {
                assertThat(in).as(id + ".yml").isNotNull();
                Map<String, Object> yaml = new Yaml().load(in);
                @SuppressWarnings("unchecked")
                Map<String, Object> department = (Map<String, Object>) yaml.get("department");
                owners.put((String) department.get("id"), department);
            }
        }
        long owning = 0;
        for (DemoMunicipality.DemoStaff staff : DemoMunicipality.STAFF) {
            Map<String, Object> source = owners.get(staff.departmentId());
            if (source == null) {
                continue; // 情報システム課 and 総務課 own no source
            }
            owning++;
            assertThat(staff.department()).as(staff.username()).isEqualTo(source.get("name"));
            assertThat("内線 " + staff.extension()).as(staff.username()).isEqualTo(source.get("contact"));
        }
        assertThat(owning).as("caseworkers and the counter clerk").isEqualTo(5);
        assertThat(DemoMunicipality.STAFF).extracting(DemoMunicipality.DemoStaff::department)
                .doesNotContain("こども課", "障害福祉課", "生活福祉課");
    }

    @Test
    void generatedFilesGoBesideTheConfiguredDatabaseFolderNotIntoTheWorkingFolder() {
        Path database = Path.of("/srv/tsunagu/data/pg");
        assertThat(DemoMunicipality.folder(null, database)).isEqualTo(Path.of("/srv/tsunagu/data/demo"));
        assertThat(DemoMunicipality.folder(Path.of("/elsewhere"), database)).isEqualTo(Path.of("/elsewhere"));
        assertThat(DemoMunicipality.folder(null, Path.of("tsunagu-data", "pg")))
                .isEqualTo(Path.of("tsunagu-data", "demo").toAbsolutePath());
    }
}
