package jp.tsunagu.consultation;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the consultation module ({@code tsunagu.consultation.*}), checked at start: a category list
 * that cannot work stops the start with a Japanese message naming the entry.
 *
 * @param categories the categories; empty means {@link #DEFAULT_CATEGORIES}
 * @param referralFlagAfter how long a referral may wait for 受理 before it is flagged (default 2 hours)
 * @param holidays closing days of the city beyond weekends, national holidays and 12/29–1/3 (開庁日でない日)
 * @param searchSlots how many searches run their statements at once (default: the machine's cores); the others
 *     wait their turn ({@link jp.tsunagu.platform.CpuSlots})
 */
@Validated
@ConfigurationProperties("tsunagu.consultation")
public record ConsultationProperties(List<Category> categories, Duration referralFlagAfter, List<LocalDate> holidays,
        int searchSlots) {

    /** The settings with as many search slots as the machine has cores. */
    public ConsultationProperties(List<Category> categories, Duration referralFlagAfter, List<LocalDate> holidays) {
        this(categories, referralFlagAfter, holidays, 0);
    }

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** The categories of the issue, with the 48時間ルール for 児童虐待 and 72 hours of fact-finding for 高齢者・障害者虐待. */
    public static final List<Category> DEFAULT_CATEGORIES = List.of(
            new Category("care", "介護", false, null, null),
            new Category("disability", "障害", false, null, null),
            new Category("childcare", "子育て", false, null, null),
            new Category("poverty", "生活困窮", false, null, null),
            new Category("elder-abuse", "高齢者虐待", true, Duration.ofHours(72), "事実確認"),
            new Category("child-abuse", "児童虐待", true, Duration.ofHours(48), "安全確認 (48時間ルール)"),
            new Category("disability-abuse", "障害者虐待", true, Duration.ofHours(72), "事実確認"),
            new Category("dv", "DV", true, null, null),
            new Category("other", "その他", false, null, null));

    @ConstructorBinding
    public ConsultationProperties {
        categories = categories == null || categories.isEmpty() ? DEFAULT_CATEGORIES : List.copyOf(categories);
        referralFlagAfter = referralFlagAfter == null ? Duration.ofHours(2) : referralFlagAfter;
        searchSlots = searchSlots <= 0 ? Runtime.getRuntime().availableProcessors() : searchSlots;
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
        List<String> problems = problems(categories);
        if (referralFlagAfter.isNegative() || referralFlagAfter.isZero()) {
            problems.add("tsunagu.consultation.referral-flag-after は正の時間にしてください");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("相談・通報の設定に誤りがあります: " + String.join(" / ", problems));
        }
    }

    private static List<String> problems(List<Category> categories) {
        List<String> problems = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < categories.size(); i++) {
            Category c = categories.get(i);
            String where = "categories[" + i + "]";
            if (c.code() == null || !CODE.matcher(c.code()).matches()) {
                problems.add(where + ".code は英小文字・数字・ハイフン (40文字まで) で書いてください: " + c.code());
            } else if (!codes.add(c.code())) {
                problems.add(where + ".code「" + c.code() + "」が重複しています");
            }
            if (c.label() == null || c.label().isBlank()) {
                problems.add(where + ".label (分類の名前) がありません");
            }
            if (c.clock() != null && (c.clock().isNegative() || c.clock().isZero())) {
                problems.add(where + ".clock は正の時間にしてください");
            }
            if (c.clock() != null && (c.clockLabel() == null || c.clockLabel().isBlank())) {
                problems.add(where + ".clock-label (期限までに確認すること) がありません");
            }
        }
        return problems;
    }

    /** The category with this code. */
    public java.util.Optional<Category> category(String code) {
        return categories.stream().filter(c -> c.code().equals(code)).findFirst();
    }
}
