package jp.tsunagu.insights;

import java.util.Map;

/**
 * A way the residents are cut (集計の切り口): age band, sex, 町丁目 or household type — each a column of the
 * cube, with the Japanese label of each of its values.
 */
enum Dimension {
    AGE_BAND("age_band", "年齢階級"),
    SEX("sex", "性別"),
    TOWN("town", "町丁目"),
    HOUSEHOLD("household_type", "世帯類型");

    /** 単身高齢 … : the household types, by code, in the order a table lists them. */
    static final Map<String, String> HOUSEHOLD_TYPES = new java.util.LinkedHashMap<>();

    static {
        HOUSEHOLD_TYPES.put("single-elderly", "単身高齢 (65歳以上の一人暮らし)");
        HOUSEHOLD_TYPES.put("elderly-couple", "高齢夫婦のみ (65歳以上の2人)");
        HOUSEHOLD_TYPES.put("elderly-only", "高齢者のみ (65歳以上の3人以上)");
        HOUSEHOLD_TYPES.put("single-parent", "ひとり親 (18歳未満の子と大人1人)");
        HOUSEHOLD_TYPES.put("with-children", "子育て世帯 (18歳未満の子と大人2人以上)");
        HOUSEHOLD_TYPES.put("single", "単身 (65歳未満)");
        HOUSEHOLD_TYPES.put("other", "その他の世帯");
        HOUSEHOLD_TYPES.put("none", "世帯不明");
    }

    final String column;
    final String label;

    Dimension(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /** The dimension a request names (age, sex, town, household), or the default. */
    static Dimension of(String name) {
        if (name == null || name.isBlank()) {
            return AGE_BAND;
        }
        return switch (name) {
            case "age" -> AGE_BAND;
            case "sex" -> SEX;
            case "town" -> TOWN;
            case "household" -> HOUSEHOLD;
            default -> throw new InsightsInputException("集計の切り口 (by) は age, sex, town, household のどれかです: " + name);
        };
    }

    String param() {
        return switch (this) {
            case AGE_BAND -> "age";
            case SEX -> "sex";
            case TOWN -> "town";
            case HOUSEHOLD -> "household";
        };
    }

    /** 0〜9歳 … 90歳以上, or 不明 for a person without a birth date. */
    static String ageBandLabel(int band) {
        if (band < 0) {
            return "不明";
        }
        return band >= 9 ? "90歳以上" : (band * 10) + "〜" + (band * 10 + 9) + "歳";
    }
}
