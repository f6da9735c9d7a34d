package jp.tsunagu.procedures;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 町丁目 of an address (入間川一丁目, 狭山台三丁目, 大字堀兼 → 堀兼), for a worklist's filter by town:
 * prefecture, 郡 and municipality dropped, then the leading part up to 丁目 or the first number.
 */
final class Towns {

    private static final Pattern PREFIX = Pattern.compile(
            "^(東京都|北海道|京都府|大阪府|[^都道府県市区町村]{2,3}県)?([^都道府県市区町村]{1,5}郡)?"
                    + "([^都道府県市区町村]{1,6}市[^市区町村]{1,4}区|[^都道府県市区町村]{1,6}[市区町村])?(大字|字)?");
    private static final Pattern TOWN = Pattern.compile("^([^0-9０-９\\-－ー−]*?[一二三四五六七八九十]+丁目|[^0-9０-９\\-－ー−番]+)");

    private Towns() {
    }

    static String of(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        String rest = PREFIX.matcher(address.strip()).replaceFirst("");
        Matcher m = TOWN.matcher(rest);
        return m.find() ? m.group(1).strip() : null;
    }
}
