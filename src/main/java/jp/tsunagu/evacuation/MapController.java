package jp.tsunagu.evacuation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.PersonalData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The map of a district (地図): the persons on the list at their town's point (spread a little around it, so
 * that a town's persons can be told apart; the spread tells nothing finer than the town), the town labels
 * and the shelters, drawn by Leaflet served by the app. The base map's tiles come only from
 * {@code tsunagu.evacuation.tile-url}, empty by default: the map works with no internet. 支援措置 persons
 * never appear on it.
 */
@Controller
@ConditionalOnWebApplication
class MapController {

    private final ListHolders holders;
    private final Roster roster;
    private final EvacuationSetup setup;
    private final CityMap map;
    private final EvacuationProperties properties;
    private final AuditTrail audit;
    private final JsonMapper json = JsonMapper.builder().build();

    MapController(ListHolders holders, Roster roster, EvacuationSetup setup, CityMap map,
            EvacuationProperties properties, AuditTrail audit) {
        this.holders = holders;
        this.roster = roster;
        this.setup = setup;
        this.map = map;
        this.properties = properties;
        this.audit = audit;
    }

    @PersonalData
    @GetMapping("/evacuation/map")
    String page(@RequestParam(required = false) String district, Authentication user, Model model) {
        Viewer viewer = holders.holder(user);
        if (setup.districts().isEmpty()) {
            throw new EvacuationInputException("地区が設定されていません");
        }
        District chosen = setup.districts().stream().filter(d -> d.id().equals(district)).findFirst()
                .orElse(setup.districts().get(0));
        List<Roster.Entry> entries = roster.entries(roster.keys(chosen.id())).stream()
                .filter(e -> !e.protectedPerson()).toList();
        audit.record(AuditEvent.of(viewer.username(), AuditAction.SEARCH, Map.of("screen", "evacuation.map",
                "district", chosen.id(), "count", Integer.toString(entries.size()))));
        List<Map<String, Object>> points = new ArrayList<>();
        for (Roster.Entry e : entries) {
            map.town(e.town()).ifPresent(t -> {
                Map<String, Object> p = new LinkedHashMap<>();
                int h = e.person().personKey().hashCode();
                // about ±150 m around the town's point, the same every time for the same person
                p.put("lat", t.lat() + ((h & 0xFF) - 127) / 127.0 * 0.0013);
                p.put("lng", t.lng() + (((h >> 8) & 0xFF) - 127) / 127.0 * 0.0016);
                p.put("name", e.person().name());
                p.put("reasons", e.reasonText());
                p.put("town", e.town());
                points.add(p);
            });
        }
        List<Map<String, Object>> towns = new ArrayList<>();
        for (String name : chosen.towns()) {
            map.town(name).ifPresent(t -> towns.add(Map.of("name", t.name(), "lat", t.lat(), "lng", t.lng())));
        }
        List<Map<String, Object>> shelters = map.shelters().stream()
                .map(s -> Map.<String, Object>of("name", s.name(), "address", s.address(), "lat", s.lat(), "lng", s.lng()))
                .toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("persons", points);
        data.put("towns", towns);
        data.put("shelters", shelters);
        data.put("tileUrl", properties.tileUrl());
        model.addAttribute("district", chosen);
        model.addAttribute("districts", setup.districts());
        model.addAttribute("count", points.size());
        model.addAttribute("mapData", json.writeValueAsString(data));
        model.addAttribute("persons", points);
        return "evacuation/map";
    }
}
