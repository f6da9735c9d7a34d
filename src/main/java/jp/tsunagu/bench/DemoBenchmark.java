package jp.tsunagu.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import javax.sql.DataSource;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

/**
 * {@code bench demo [--residents N]}: the time to generate the sample municipality (default about
 * 150,000 residents, 23 exports) and import every export, against PostgreSQL {@code COPY} of the
 * same files into plain tables in the same run.
 */
@Component
class DemoBenchmark implements Benchmark {

    private final DataSource dataSource;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final ForeignTables tables;

    DemoBenchmark(DataSource dataSource, SourceCatalog catalog, SnapshotImport imports) {
        this.dataSource = dataSource;
        this.tables = new ForeignTables(dataSource);
        this.catalog = catalog;
        this.imports = imports;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        SampleSize size = new SampleSize((int) options.longValue("residents", SampleSize.DEFAULT.residents()));
        Path dir = Files.createTempDirectory("tsunagu-bench-demo-");
        try {
            long t0 = System.nanoTime();
            GenerationResult city = SampleMunicipality.generate(size, 1, SampleMunicipality.DEMO_SEED, dir);
            double generate = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "bench demo: %,d residents, %d sources, %,d rows generated in %.2f s%n",
                    city.residents(), city.sources().size(), city.totalRows(), generate);

            long c0 = System.nanoTime();
            for (GenerationResult.SourceFile file : city.sources()) {
                copy(file);
            }
            double copy = (System.nanoTime() - c0) / 1e9;
            System.out.printf(Locale.ROOT, "  COPY of every file into plain tables: %.2f s%n", copy);

            // each import returns once its snapshot is committed and current: the time ends after the last commit
            long i0 = System.nanoTime();
            catalog.registerFolder(dir.resolve("sources"));
            List<ImportReport> reports = new ArrayList<>();
            for (GenerationResult.SourceFile file : city.sources()) {
                reports.add(imports.importFile(file.id(), file.file(), "bench", "bench"));
            }
            double importing = (System.nanoTime() - i0) / 1e9;
            long records = check(reports);
            System.out.printf(Locale.ROOT, "  checked: %d sources applied, %,d current records counted, as many as "
                    + "their reports added%n", reports.size(), records);
            System.out.printf(Locale.ROOT, "  Tsunagu import of every source: %.2f s (ratio to COPY %.2f)%n", importing,
                    copy / importing);
            System.out.printf(Locale.ROOT,
                    "RESULT residents=%d sources=%d rows=%d generate_s=%.2f import_s=%.2f total_s=%.2f copy_s=%.2f "
                            + "import_ratio=%.2f records=%d%n",
                    city.residents(), city.sources().size(), city.totalRows(), generate, importing,
                    generate + importing, copy, copy / importing, records);
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Every import applied without errors, and each source's current records, counted, as many as its
     * report added; returns the records of all sources.
     */
    private long check(List<ImportReport> reports) {
        long total = 0;
        for (ImportReport report : reports) {
            BenchCheckFailed.check(report.errorCount() == 0 && report.status() == ImportStatus.APPLIED,
                    report.sourceId() + ": " + report.status() + " " + report.message() + " (" + report.errorCount()
                            + " errors)");
            long records = tables.currentRecords(report.sourceId());
            BenchCheckFailed.check(records == report.added() && records > 0, String.format(Locale.ROOT,
                    "%s: %,d current records after the import, its report added %,d", report.sourceId(), records,
                    report.added()));
            total += records;
        }
        return total;
    }

    /** COPY of one export as it is (its encoding, delimiter, header) into a table of text columns. */
    private void copy(GenerationResult.SourceFile file) throws Exception {
        SourceDefinition definition = jp.tsunagu.importing.SourceDefinitions.read(file.definition());
        Charset charset = definition.charset();
        int columns;
        try (BufferedReader reader = Files.newBufferedReader(file.file(), charset)) {
            String first = reader.readLine();
            if (first == null) {
                return;
            }
            columns = first.split(definition.delimiter() == '\t' ? "\t" : ",", -1).length;
        }
        String table = "bench_demo_" + file.id().replace('-', '_');
        StringJoiner cols = new StringJoiner(", ");
        for (int c = 1; c <= columns + 4; c++) {
            cols.add("c" + c + " text");
        }
        String encoding = charset.name().equalsIgnoreCase("windows-31j") ? "SJIS"
                : charset.name().equalsIgnoreCase("EUC-JP") ? "EUC_JP" : "UTF8";
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (" + cols + ")");
            StringJoiner target = new StringJoiner(", ");
            for (int i = 1; i <= columns; i++) {
                target.add("c" + i);
            }
            String sql = "COPY " + table + " (" + target + ") FROM STDIN WITH (FORMAT csv, HEADER "
                    + definition.header() + ", ENCODING '" + encoding + "', DELIMITER E'"
                    + (definition.delimiter() == '\t' ? "\\t" : ",") + "')";
            try (InputStream in = Files.newInputStream(file.file())) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, in, 1 << 16);
            }
        }
    }
}
