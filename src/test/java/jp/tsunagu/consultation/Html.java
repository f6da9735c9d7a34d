package jp.tsunagu.consultation;

import java.util.regex.Pattern;
import org.springframework.web.util.HtmlUtils;

/** A page's text as a person reads it (表示される文字): tags and scripts removed, entities decoded, spaces folded. */
final class Html {

    private static final Pattern SCRIPTS = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");

    private Html() {
    }

    static String text(String html) {
        String text = TAGS.matcher(SCRIPTS.matcher(html).replaceAll(" ")).replaceAll(" ");
        return HtmlUtils.htmlUnescape(text).replaceAll("\\s+", " ").strip();
    }
}
