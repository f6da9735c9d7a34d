package jp.tsunagu.sample;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What {@link SampleMunicipality#generate} wrote.
 *
 * @param day the day number (1 = {@code 2026-04-01})
 * @param date the snapshot date
 * @param seed the seed
 * @param residents registered residents on that day
 * @param sources one entry per source, masters first
 * @param events what happened on that day (all zero on day 1)
 */
public record GenerationResult(int day, LocalDate date, long seed, int residents, List<SourceFile> sources, DayEvents events) {

    public GenerationResult {
        sources = List.copyOf(sources);
    }

    /**
     * One written export.
     *
     * @param id the source id (the definition's file name without {@code .yml})
     * @param name the source's display name
     * @param file the CSV written
     * @param definition the YAML definition written beside the CSVs
     * @param rows data rows (header excluded)
     * @param dialect a one-line description of encoding, delimiter, line ends, header and key padding
     */
    public record SourceFile(String id, String name, Path file, Path definition, int rows, String dialect) {
    }

    public long totalRows() {
        return sources.stream().mapToLong(SourceFile::rows).sum();
    }
}
