package jp.tsunagu.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attoparser.AbstractMarkupHandler;
import org.attoparser.MarkupParser;
import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.springframework.web.util.HtmlUtils;

/**
 * An HTML page as a browser's parser sees it (attoparser, the parser Thymeleaf itself uses): the elements and
 * attributes it creates, and the text a person reads (entities decoded). A hostile value that escaped its
 * escaping shows here as an element or an attribute the templates never write.
 */
record HtmlShape(List<String> elements, List<Attribute> attributes, String text) {

    /** One attribute of one element, its value decoded. */
    record Attribute(String element, String name, String value) {
    }

    /** Put into the text where a script element has content of its own (no template writes one). */
    static final String INLINE_SCRIPT = "\u0000inline script\u0000";

    /** Attributes that make a browser load or run something. */
    static final List<String> URL_ATTRIBUTES = List.of("src", "href", "action", "formaction", "srcset", "data",
            "poster", "xlink:href", "background");

    static HtmlShape parse(String html) {
        List<String> elements = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String[] current = {""};
        int[] inScript = {0};
        try {
            new MarkupParser(ParseConfiguration.htmlConfiguration()).parse(html, new AbstractMarkupHandler() {
                @Override
                public void handleOpenElementStart(char[] b, int o, int l, int line, int col) {
                    element(new String(b, o, l));
                }

                @Override
                public void handleStandaloneElementStart(char[] b, int o, int l, boolean minimized, int line, int col) {
                    element(new String(b, o, l));
                }

                @Override
                public void handleCloseElementStart(char[] b, int o, int l, int line, int col) {
                    if (new String(b, o, l).equalsIgnoreCase("script")) {
                        inScript[0]--;
                    }
                }

                private void element(String name) {
                    current[0] = name.toLowerCase(Locale.ROOT);
                    elements.add(current[0]);
                    if (current[0].equals("script")) {
                        inScript[0]++;
                    }
                }

                @Override
                public void handleAttribute(char[] b, int nameOffset, int nameLen, int nameLine, int nameCol,
                        int operatorOffset, int operatorLen, int operatorLine, int operatorCol, int valueContentOffset,
                        int valueContentLen, int valueOuterOffset, int valueOuterLen, int valueLine, int valueCol) {
                    attributes.add(new Attribute(current[0], new String(b, nameOffset, nameLen).toLowerCase(Locale.ROOT),
                            HtmlUtils.htmlUnescape(new String(b, valueContentOffset, valueContentLen))));
                }

                @Override
                public void handleText(char[] b, int o, int l, int line, int col) {
                    if (inScript[0] > 0) {
                        if (!new String(b, o, l).isBlank()) {
                            text.append(INLINE_SCRIPT);
                        }
                    } else {
                        text.append(HtmlUtils.htmlUnescape(new String(b, o, l)));
                    }
                }
            });
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return new HtmlShape(elements, attributes, text.toString());
    }

    /** What is wrong with the page's shape: an element, attribute or URL that no template writes. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String e : elements) {
            if (List.of("img", "svg", "iframe", "object", "embed", "frame", "base", "math").contains(e)) {
                problems.add("element <" + e + ">");
            }
        }
        for (Attribute a : attributes) {
            if (a.name().startsWith("on")) {
                problems.add("event handler " + a);
            }
            if (URL_ATTRIBUTES.contains(a.name())) {
                String url = a.value().strip().toLowerCase(Locale.ROOT);
                if (url.startsWith("javascript:") || url.startsWith("vbscript:") || url.contains(HostileCity.PLANTED)
                        || (url.startsWith("data:") && !a.element().equals("link"))) {
                    problems.add("URL " + a);
                }
            }
            if (a.name().equals("style") || a.name().equals("srcdoc")) {
                problems.add("attribute " + a);
            }
        }
        long scripts = elements.stream().filter("script"::equals).count();
        long sameOrigin = attributes.stream().filter(a -> a.element().equals("script") && a.name().equals("src")
                && a.value().startsWith("/") && !a.value().startsWith("//")).count();
        if (scripts != sameOrigin) {
            problems.add(scripts + " <script> elements, " + sameOrigin + " of them the hub's own files");
        }
        if (text.contains(INLINE_SCRIPT)) {
            problems.add("inline script text");
        }
        return problems;
    }
}
