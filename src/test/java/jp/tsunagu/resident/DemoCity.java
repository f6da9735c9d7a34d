package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Test fixture (デモの市): the city {@code --demo} makes (150,000 residents and its 住登外, the demo seed),
 * master sources of it imported and the person index built. The classes that read it are annotated
 * {@link OnTheDemoCity}: one application context and one database per test JVM, so that a master is
 * generated and imported once per JVM; a class that comes second finds it applied in the database and
 * imports only what it needs and is not there yet.
 */
final class DemoCity {

    /** 住民記録, the registry of the city's residents. */
    static final String REGISTRY = "jumin-kiroku";
    /** 住登外, the persons the city deals with who live elsewhere. */
    static final String NON_RESIDENTS = "jutogai";

    private DemoCity() {
    }

    /**
     * The same context for every class on the demo city (same properties, same MockMvc): Spring's context
     * cache gives the second class the first one's context and database.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @TsunaguTest
    @AutoConfigureMockMvc
    @TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-demo-city-f${tsunagu.test.fork:1}")
    @interface OnTheDemoCity {
    }

    /**
     * The given masters of the demo city (in their order), each imported into this database unless it
     * already is (an applied run), and the person index caught up with them: every listener done. The
     * registry ({@link #REGISTRY}) must be among them.
     */
    static synchronized void imported(SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc, Path dir,
            String... masters) {
        assertThat(masters).as("the masters asked for").contains(REGISTRY);
        List<String> missing = new ArrayList<>();
        for (String master : masters) {
            if (jdbc.sql("SELECT count(*) FROM source WHERE source_id = :s AND current_run IS NOT NULL")
                    .param("s", master).query(Long.class).single() == 0) {
                missing.add(master);
            }
        }
        if (!missing.isEmpty()) {
            GenerationResult city = SampleMunicipality.generate(SampleSize.DEFAULT, 1, SampleMunicipality.DEMO_SEED,
                    dir);
            catalog.registerFolder(dir.resolve("sources"));
            for (String master : missing) {
                GenerationResult.SourceFile file = city.sources().stream().filter(f -> f.id().equals(master))
                        .findFirst().orElseThrow();
                imports.importFile(file.id(), file.file(), "test", "test");
            }
        }
        // the person index takes in a master import after its commit: 150,000 persons take a while
        await("the person index took in the demo city's masters").pollInterval(SampleCity.POLL)
                .atMost(Duration.ofMinutes(8))
                .until(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                        .query(Long.class).single(), n -> n == 0);
        long registry = jdbc.sql("SELECT record_count FROM source WHERE source_id = :s").param("s", REGISTRY)
                .query(Long.class).single();
        assertThat(jdbc.sql("SELECT count(*) FROM person").query(Long.class).single())
                .as("the person index holds the registry's %,d persons", registry).isGreaterThanOrEqualTo(registry);
        assertThat(jdbc.sql("SELECT count(*) FROM person WHERE status = '住民'").query(Long.class).single())
                .as("the demo city's residents").isGreaterThanOrEqualTo(SampleSize.DEFAULT.residents());
    }
}
