package jp.tsunagu.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The sample municipality: a 狭山市-like city generated from a seed, exported as the CSV files of
 * its departmental systems.
 *
 * <p>Contract: the output is a pure function of (size, day, seed). The same arguments give the same
 * bytes on any machine and at any time (no wall-clock, no hash-order iteration); day D+1 differs from
 * day D only by the events of day D+1 ({@link GenerationResult#events()}). Files are streamed, so
 * memory holds the compact population model but never the CSV text.
 */
public final class SampleMunicipality {

    /**
     * The seed the demo city, {@code sample generate} and the benchmarks generate with unless told
     * otherwise: the same seed makes the same city.
     */
    public static final long DEMO_SEED = 20260401L;

    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private SampleMunicipality() {
    }

    /**
     * Generates day {@code day} of the city and writes {@code outDir/<id>/<id>_<yyyyMMdd>.csv} for every
     * source and {@code outDir/sources/<id>.yml}, its definition.
     *
     * @param day 1 or more; day 1 is 2026-04-01
     */
    public static GenerationResult generate(SampleSize size, int day, long seed, Path outDir) {
        if (day < 1) {
            throw new IllegalArgumentException("日は1以上です / day must be 1 or more: " + day);
        }
        try {
            CityData data = CityData.get();
            CityGenerator city = new CityGenerator(seed, data);
            city.populate(size);
            DayEvents events = city.advanceTo(day);
            Snapshot snapshot = new Snapshot(city.people, data, seed, city.today(), city.residence);
            SourceWriters writers = new SourceWriters(snapshot);
            Path definitions = Files.createDirectories(outDir.resolve("sources"));
            String stamp = Dates.dayDate(day).format(FILE_DATE);
            List<GenerationResult.SourceFile> files = new ArrayList<>();
            for (SourceWriters.Source source : SourceWriters.ALL) {
                SourceDefinition def = SourceDefinition.load(source.id());
                Path yml = definitions.resolve(source.id() + ".yml");
                Files.writeString(yml, def.yaml(), StandardCharsets.UTF_8);
                Path csv = Files.createDirectories(outDir.resolve(source.id())).resolve(source.id() + "_" + stamp + ".csv");
                int rows;
                try (CsvSink sink = new CsvSink(def, source.dialect(), csv)) {
                    source.writer().write(writers, sink, source.dialect());
                    rows = sink.rows();
                }
                Map<String, Object> root = new Yaml().load(def.yaml());
                files.add(new GenerationResult.SourceFile(source.id(), String.valueOf(root.get("name")), csv, yml, rows,
                        source.dialect().describe(def)));
            }
            return new GenerationResult(day, Dates.dayDate(day), seed, city.residents(), files, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of the sources, masters first. */
    public static List<String> sourceIds() {
        return SourceWriters.ALL.stream().map(SourceWriters.Source::id).toList();
    }
}
