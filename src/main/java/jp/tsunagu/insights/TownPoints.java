package jp.tsunagu.insights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where each 町丁目 is (町丁目の代表点), for the coverage map: read at start from {@code tsunagu.insights.towns}
 * or the sample city's list in the jar, so the map needs no internet and no geocoder. A town is looked up
 * by its name as the person index cuts it from the address (大字 dropped).
 */
@Component
class TownPoints {

    static final String SAMPLE = "sample/sayama/sayama_towns.json";

    /** A town's representative point. */
    record Point(String town, double lat, double lng) {
    }

    private final Map<String, Point> points = new LinkedHashMap<>();

    TownPoints(InsightsProperties properties) {
        JsonNode list = JsonMapper.builder().build().readTree(read(properties));
        for (JsonNode t : list) {
            String name = t.get("town").asString().replaceFirst("^大字", "");
            points.putIfAbsent(name, new Point(name, t.get("lat").asDouble(), t.get("lng").asDouble()));
        }
    }

    Optional<Point> of(String town) {
        return Optional.ofNullable(town).map(points::get);
    }

    private static String read(InsightsProperties properties) {
        try {
            if (properties.towns() != null && Files.isRegularFile(properties.towns())) {
                return Files.readString(properties.towns());
            }
            try (InputStream in = TownPoints.class.getClassLoader().getResourceAsStream(SAMPLE)) {
                if (in == null) {
                    throw new IllegalStateException("resource missing: " + SAMPLE);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
