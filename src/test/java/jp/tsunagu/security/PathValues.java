package jp.tsunagu.security;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Values for a route's path variables: the city's own, or values that name nothing. */
final class PathValues {

    private PathValues() {
    }

    /** The city's values for a variable of this route, the most telling first. */
    static List<String> of(MatrixCity city, String pattern, String variable) {
        return switch (variable) {
            case "personKey" -> Stream.concat(Stream.of(city.elder, city.parent, city.victim, city.companion, city.twin)
                    .map(MatrixCity.Resident::key), Stream.of(city.unindexedKey)).toList();
            case "runId" -> {
                List<String> runs = new ArrayList<>(List.of(Long.toString(city.rejectedRun)));
                runs.addAll(city.jdbc.sql("""
                        SELECT current_run::text FROM source WHERE source_id IN (:s) AND current_run IS NOT NULL
                         ORDER BY source_id""").param("s", sources()).query(String.class).list());
                yield runs;
            }
            case "sourceId", "source" -> sources();
            // a problem of the rejected run (its rejected value is revealed to administrators on request)
            case "seq" -> city.jdbc.sql("SELECT seq::text FROM import_error WHERE run_id = :r ORDER BY seq")
                    .param("r", city.rejectedRun).query(String.class).list();
            case "itemId" -> {
                List<String> items = city.jdbc.sql("SELECT item_id::text FROM procedure_item ORDER BY item_id LIMIT 3")
                        .query(String.class).list();
                yield items.isEmpty() ? List.of("0") : items;
            }
            case "username" -> Stream.of(Staff.values()).map(s -> s.username).toList();
            case "consultationId" -> ConsultationProbes.ids(city);
            case "department" -> List.of(MatrixCity.KAIGO, MatrixCity.KODOMO, MatrixCity.MADOGUCHI);
            // files and messages of the city's persons, when a probe has made them; else one that names nothing
            case "documentId" -> orNothing(city.jdbc.sql("SELECT id::text FROM document ORDER BY id")
                    .query(String.class).list());
            case "messageId" -> orNothing(city.jdbc.sql("SELECT id::text FROM message ORDER BY id")
                    .query(String.class).list());
            case "district" -> EvacuationProbes.districts(city);
            case "id" -> pattern.startsWith("/admin/tokens")
                    ? city.jdbc.sql("SELECT id::text FROM api_token ORDER BY id").query(String.class).list().stream()
                            .findFirst().map(List::of).orElse(List.of("0"))
                    : List.of(MatrixCity.KAIGO, MatrixCity.KODOMO, MatrixCity.MADOGUCHI);
            default -> throw new AssertionError("the matrix does not know how to fill {" + variable + "} of "
                    + pattern);
        };
    }

    /** A value that names nothing: an allowed change with it changes nothing. */
    static String nothing(String variable) {
        return switch (variable) {
            case "personKey" -> "0000000000";
            case "runId", "id", "seq", "itemId", "consultationId", "documentId", "messageId" -> "0";
            case "sourceId", "source" -> "matrix-no-source";
            case "username" -> "matrix-nobody";
            case "department" -> "matrix-no-department";
            case "district" -> "matrix-no-district";
            default -> throw new AssertionError("the matrix does not know how to fill {" + variable + "}");
        };
    }

    private static List<String> orNothing(List<String> values) {
        return values.isEmpty() ? List.of("0") : values;
    }

    private static List<String> sources() {
        return List.of("kaigo-nintei", "kaigo-shikaku", "jido-teate", MatrixCity.HOUMON, MatrixCity.JUTOGAI);
    }
}
