package jp.tsunagu.evacuation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The city on a map (地図の材料): each 町丁目's coordinates — addresses are placed at their town, no external
 * geocoder — and the designated shelters (指定避難所). Read at start from {@code towns.json} and
 * {@code shelters.geojson} in the configured folder, or, without them, the sample city's: 狭山市's towns
 * (Geolonia 住所データ, CC BY 4.0) and shelters (国土地理院「指定緊急避難場所・指定避難所データ」).
 */
@Component
public class CityMap {

    /** A town's representative point. */
    public record Town(String name, double lat, double lng) {
    }

    /** A designated shelter (指定避難所). */
    public record Shelter(String id, String name, String address, double lat, double lng) {
    }

    private final Map<String, Town> towns = new LinkedHashMap<>();
    private final List<Shelter> shelters = new ArrayList<>();

    CityMap(EvacuationProperties properties) {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode townList = json.readTree(read(properties.dir().resolve("towns.json"), "sample/sayama/sayama_towns.json"));
        for (JsonNode t : townList) {
            String name = t.get("town").asString();
            towns.putIfAbsent(name, new Town(name, t.get("lat").asDouble(), t.get("lng").asDouble()));
        }
        JsonNode geo = json.readTree(read(properties.dir().resolve("shelters.geojson"),
                EvacuationSetup.SAMPLE + "shelters.geojson"));
        for (JsonNode f : geo.get("features")) {
            JsonNode p = f.get("properties");
            JsonNode c = f.get("geometry").get("coordinates");
            shelters.add(new Shelter(p.get("共通ID").asString(), p.get("施設・場所名").asString(), p.get("住所").asString(),
                    c.get(1).asDouble(), c.get(0).asDouble()));
        }
    }

    public Optional<Town> town(String name) {
        return Optional.ofNullable(name).map(towns::get);
    }

    public List<Shelter> shelters() {
        return List.copyOf(shelters);
    }

    public Optional<Shelter> shelter(String id) {
        return shelters.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private static String read(Path file, String resource) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            try (InputStream in = CityMap.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource missing: " + resource);
                }
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
