package jp.tsunagu.evacuation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * Places an address in its 町丁目 and district (住所の地区への振り分け): an address in the city (it starts with
 * the configured prefix, 埼玉県狭山市) is in the longest town name its remainder starts with. No external
 * geocoder: the town is enough for a district, and the map uses the town's coordinates.
 */
final class TownPlacement {

    /** Where an address lies: its town and the district that town belongs to (either may be null). */
    record Place(String town, String districtId) {
    }

    private final String city;
    private final List<String> towns;
    private final Map<String, String> districtOfTown = new HashMap<>();

    TownPlacement(EvacuationSetup setup) {
        this.city = setup.city();
        List<String> all = new ArrayList<>();
        for (District d : setup.districts()) {
            for (String t : d.towns()) {
                all.add(t);
                districtOfTown.put(t, d.id());
            }
        }
        all.sort(Comparator.comparingInt(String::length).reversed());
        this.towns = List.copyOf(all);
    }

    Place place(String address) {
        if (address == null || address.isEmpty() || !address.startsWith(city)) {
            return new Place(null, null);
        }
        String rest = address.substring(city.length());
        for (String t : towns) {
            if (rest.startsWith(t)) {
                return new Place(t, districtOfTown.get(t));
            }
        }
        return new Place(null, null);
    }
}
