package jp.tsunagu.insights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters of a figure (絞り込み): one age band, sex, 町丁目 and household type, each optional, and the month
 * (the latest when absent). Checked when made: a bad value is a clear error, never an empty figure.
 */
record Filter(java.time.LocalDate month, Integer ageBand, String sex, String town, String householdType) {

    Filter {
        if (ageBand != null && (ageBand < -1 || ageBand > 9)) {
            throw new InsightsInputException("年齢階級 (age) は -1 (不明) から 9 (90歳以上) までの数です: " + ageBand);
        }
        if (householdType != null && !Dimension.HOUSEHOLD_TYPES.containsKey(householdType)) {
            throw new InsightsInputException("世帯類型 (household) が正しくありません: " + householdType);
        }
        if (sex != null && sex.length() > 4) {
            throw new InsightsInputException("性別 (sex) は住民記録の性別 (男、女) です: " + sex);
        }
        if (town != null && town.length() > 40) {
            throw new InsightsInputException("町丁目 (town) が長すぎます");
        }
        sex = blank(sex);
        town = blank(town);
        householdType = blank(householdType);
    }

    static Filter none() {
        return new Filter(null, null, null, null, null);
    }

    Filter inMonth(java.time.LocalDate m) {
        return new Filter(m, ageBand, sex, town, householdType);
    }

    boolean any() {
        return ageBand != null || sex != null || town != null || householdType != null;
    }

    /** The SQL condition over the cube's columns, and its parameters. */
    String where(Map<String, Object> params) {
        List<String> terms = new ArrayList<>();
        if (ageBand != null) {
            terms.add("age_band = :fAge");
            params.put("fAge", ageBand);
        }
        if (sex != null) {
            terms.add("sex = :fSex");
            params.put("fSex", sex);
        }
        if (town != null) {
            terms.add("town = :fTown");
            params.put("fTown", town);
        }
        if (householdType != null) {
            terms.add("household_type = :fHousehold");
            params.put("fHousehold", householdType);
        }
        return terms.isEmpty() ? "" : " AND " + String.join(" AND ", terms);
    }

    /** The filters as request parameters (for links to exports and the API). */
    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        if (month != null) {
            p.put("month", month.toString().substring(0, 7));
        }
        if (ageBand != null) {
            p.put("age", ageBand.toString());
        }
        if (sex != null) {
            p.put("sex", sex);
        }
        if (town != null) {
            p.put("town", town);
        }
        if (householdType != null) {
            p.put("household", householdType);
        }
        return p;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
