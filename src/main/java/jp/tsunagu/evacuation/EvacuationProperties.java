package jp.tsunagu.evacuation;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the evacuation-support module, bound under {@code tsunagu.evacuation}.
 *
 * @param dir the folder of {@code criteria.yml} and {@code districts.yml}; when it holds no
 *     {@code criteria.yml}, the sample city's shipped files are used (and the admin screen says so)
 * @param holders the departments (ids) that hold the list (名簿を扱う課: 福祉課, 危機管理課 …); administrators
 *     hold it too
 * @param returnDays by how many days a handed-over paper list is to be returned or destroyed
 * @param tileUrl the base map's tile URL ({z}/{x}/{y}); empty (the default) shows no base map, so the map
 *     works with no internet
 */
@Validated
@ConfigurationProperties("tsunagu.evacuation")
public record EvacuationProperties(Path dir, List<String> holders, int returnDays, String tileUrl) {

    public EvacuationProperties {
        dir = dir == null ? Path.of("evacuation") : dir;
        holders = holders == null ? List.of("fukushi", "kikikanri") : List.copyOf(holders);
        returnDays = returnDays <= 0 ? 365 : returnDays;
        tileUrl = tileUrl == null ? "" : tileUrl.strip();
    }
}
