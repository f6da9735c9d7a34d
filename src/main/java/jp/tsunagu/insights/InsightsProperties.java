package jp.tsunagu.insights;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the insights module (統計), bound under {@code tsunagu.insights}.
 *
 * @param notWelfare the program sources that do not count as welfare (福祉の関わりに数えない連携元): the universal
 *     rolls everyone is on — 国民健康保険, 後期高齢者医療, 介護保険資格, 国民年金 — by default; the masters
 *     (住民記録, 住登外) never count
 * @param smallCell figures below this many persons are shown as 「10未満」 (秘匿) wherever they may leave the
 *     department
 * @param multiNeedDepartments a household counts as multi-need (複数の課が関わる世帯) from this many departments
 * @param towns the city's 町丁目 with their coordinates for the map ({@code [{"town", "lat", "lng"}]}); without it the
 *     sample city's (狭山市, Geolonia 住所データ) shipped in the jar
 */
@Validated
@ConfigurationProperties("tsunagu.insights")
public record InsightsProperties(List<String> notWelfare, @Min(1) @Max(1000) Integer smallCell,
        @Min(2) @Max(20) Integer multiNeedDepartments, java.nio.file.Path towns) {

    public InsightsProperties {
        notWelfare = notWelfare == null ? List.of("kokuho", "koki-korei", "kaigo-shikaku", "kokumin-nenkin")
                : List.copyOf(notWelfare);
        smallCell = smallCell == null ? 10 : smallCell;
        multiNeedDepartments = multiNeedDepartments == null ? 3 : multiNeedDepartments;
    }
}
