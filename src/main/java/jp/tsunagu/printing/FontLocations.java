package jp.tsunagu.printing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Japanese fonts usually are (日本語フォントの置き場所), in the order they are tried: IPAex Gothic first
 * (Debian's and Ubuntu's {@code fonts-ipaexfont-gothic}, RHEL's {@code ipa-ex-gothic-fonts}), then IPA Gothic,
 * Noto Sans CJK JP, Takao, VL Gothic, and the fonts of macOS and Windows. A font PDFBox cannot embed (Noto's
 * collections have CFF outlines) is passed over for the next.
 */
final class FontLocations {

    private FontLocations() {
    }

    /** The usual places on this machine's kind of system, for the user and {@code WINDIR} as they are. */
    static List<Path> usual() {
        List<String> places = new ArrayList<>(List.of(
                // Debian, Ubuntu
                "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
                "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
                "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
                "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
                "/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf",
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf",
                "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf",
                "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
                // RHEL, Fedora, Rocky, Alma
                "/usr/share/fonts/ipa-ex-gothic/ipaexg.ttf",
                "/usr/share/fonts/ipa-ex-gothic-fonts/ipaexg.ttf",
                "/usr/share/fonts/ipa-gothic/ipag.ttf",
                "/usr/share/fonts/ipa-gothic-fonts/ipag.ttf",
                "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/google-noto-sans-cjk-ttc-fonts/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/vlgothic/VL-Gothic-Regular.ttf",
                "/usr/share/fonts/vlgothic-fonts/VL-Gothic-Regular.ttf",
                // macOS (IPAex installed by hand; Microsoft Office's fonts)
                "/Library/Fonts/ipaexg.ttf",
                System.getProperty("user.home", "") + "/Library/Fonts/ipaexg.ttf",
                "/Library/Fonts/Microsoft/MS Gothic.ttf",
                "/Library/Fonts/Microsoft/Meiryo.ttf"));
        String windows = System.getenv("WINDIR");
        for (String font : List.of("ipaexg.ttf", "msgothic.ttc", "meiryo.ttc", "YuGothR.ttc", "YuGothM.ttc")) {
            places.add((windows == null ? "C:\\Windows" : windows) + "\\Fonts\\" + font);
        }
        return places.stream().map(FontLocations::path).filter(p -> p != null).toList();
    }

    private static Path path(String place) {
        try {
            return Path.of(place);
        } catch (java.nio.file.InvalidPathException e) {
            // a Windows path on Unix (or the reverse) is simply not a place on this machine
            return null;
        }
    }
}
