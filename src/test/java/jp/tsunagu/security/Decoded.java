package jp.tsunagu.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A response body as a person reads it: HTML as its text without tags, JSON as its values, CSV decoded as
 * UTF-8, an xlsx as its cells (read with Apache POI), never the bytes as sent. Besides the whole text, the
 * parts the matrix asks about: a person overview's card per source and a list's row per person. Every text is
 * compared after NFKC and with spaces removed, so that a half-width or spaced copy is the same value.
 */
final class Decoded {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CARD = Pattern.compile(
            "<article\\b[^>]*\\bid=\"card-([^\"]+)\"[^>]*>(.*?)</article>", Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("<tr\\b[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern PERSON_LINK = Pattern.compile("/persons/(\\d{10})\\b");
    private static final Pattern KEY = Pattern.compile("(?<!\\d)(\\d{10})(?!\\d)");

    final String kind;
    /** The whole text, normalised. */
    final String text;
    /** The source card's text, by source ID (an overview). */
    final Map<String, String> cards;
    /** A list row's text, by the person key it is about. */
    final Map<String, String> rows;
    /** The JSON document, when the body is JSON. */
    final JsonNode json;

    private Decoded(String kind, String text, Map<String, String> cards, Map<String, String> rows, JsonNode json) {
        this.kind = kind;
        this.text = text;
        this.cards = cards;
        this.rows = rows;
        this.json = json;
    }

    static Decoded of(MockHttpServletResponse response) {
        String type = response.getContentType() == null ? "" : response.getContentType();
        byte[] bytes = response.getContentAsByteArray();
        if (type.contains("spreadsheetml")) {
            return xlsx(bytes);
        }
        if (type.contains("pdf")) {
            return pdf(bytes);
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        if (body.startsWith("\uFEFF")) {
            body = body.substring(1);
        }
        if (type.contains("json")) {
            return json(body);
        }
        if (type.contains("csv")) {
            return table("csv", parseCsv(body));
        }
        return html(body);
    }

    /** Whether the whole text contains the value (normalised). */
    boolean has(String value) {
        return text.contains(norm(value));
    }

    Optional<String> card(String sourceId) {
        return Optional.ofNullable(cards.get(sourceId));
    }

    Optional<String> row(String personKey) {
        return Optional.ofNullable(rows.get(personKey));
    }

    /** NFKC, no spaces (also the ideographic space). */
    static String norm(String s) {
        return s == null ? "" : Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("[\\s\\u3000]+", "");
    }

    /** The text with every occurrence of these values taken out: what a request sent is echoed, not disclosed. */
    String without(Iterable<String> echoed) {
        String rest = text;
        for (String value : echoed) {
            String n = norm(value);
            if (n.length() >= 2) {
                rest = rest.replace(n, "|");
            }
        }
        return rest;
    }

    private static Decoded html(String html) {
        Map<String, String> cards = new LinkedHashMap<>();
        Matcher card = CARD.matcher(html);
        while (card.find()) {
            cards.put(card.group(1), norm(textOf(card.group(2))));
        }
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            String cells = row.group(1);
            Matcher link = PERSON_LINK.matcher(cells);
            String text = textOf(cells);
            Matcher key = KEY.matcher(text);
            String person = link.find() ? link.group(1) : key.find() ? key.group(1) : null;
            if (person != null) {
                rows.merge(person, norm(text), String::concat);
            }
        }
        return new Decoded("html", norm(textOf(html)), cards, rows, null);
    }

    /** The text a browser shows: no scripts or styles, tags as spaces, entities decoded. */
    private static String textOf(String html) {
        String visible = html.replaceAll("(?is)<(script|style)\\b.*?</\\1>", " ").replaceAll("<[^>]*>", " ");
        return HtmlUtils.htmlUnescape(visible);
    }

    private static Decoded json(String body) {
        JsonNode root = JSON.readTree(body);
        Map<String, String> cards = new LinkedHashMap<>();
        if (root.has("cards")) {
            root.get("cards").forEach(c -> cards.put(c.path("sourceId").asString(), norm(values(c))));
        }
        Map<String, String> rows = new LinkedHashMap<>();
        if (root.has("persons")) {
            root.get("persons").forEach(p -> rows.merge(p.path("personKey").asString(), norm(values(p)),
                    String::concat));
        }
        return new Decoded("json", norm(values(root)), cards, rows, root);
    }

    /** Every value of a JSON tree, one a line (the names are the API's, not data). */
    private static String values(JsonNode node) {
        StringBuilder out = new StringBuilder();
        collect(node, out);
        return out.toString();
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isArray() || node.isObject()) {
            node.forEach(child -> collect(child, out));
        } else if (!node.isNull()) {
            out.append(node.asString()).append('\n');
        }
    }

    /** A PDF as its text, page by page (read with PDFBox). */
    private static Decoded pdf(byte[] bytes) {
        try (var document = org.apache.pdfbox.Loader.loadPDF(bytes)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            return table("pdf", text.lines().map(l -> List.of(l)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("not a PDF", e);
        }
    }

    private static Decoded xlsx(byte[] bytes) {
        List<List<String>> lines = new ArrayList<>();
        DataFormatter format = new DataFormatter();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            for (Sheet sheet : book) {
                for (Row row : sheet) {
                    List<String> cells = new ArrayList<>();
                    for (Cell cell : row) {
                        cells.add(shown(cell, format));
                    }
                    lines.add(cells);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not an xlsx workbook", e);
        }
        return table("xlsx", lines);
    }

    /**
     * A cell as Excel shows it. A date cell in Excel's 和暦 format ({@code [$-411]ggge"年"…}) is read as
     * the date and rendered as the screens render dates (POI's formatter does not know the era codes).
     */
    private static String shown(Cell cell, DataFormatter format) {
        if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                && cell.getCellStyle().getDataFormatString().contains("ggge")) {
            return jp.tsunagu.japanese.JapaneseDates.warekiWithYear(cell.getLocalDateTimeCellValue().toLocalDate());
        }
        return format.formatCellValue(cell);
    }

    /** Lines of cells: rows by the first cell that is a person key. */
    private static Decoded table(String kind, List<List<String>> lines) {
        StringBuilder all = new StringBuilder();
        Map<String, String> rows = new LinkedHashMap<>();
        for (List<String> cells : lines) {
            String line = String.join("\n", cells);
            all.append(line).append('\n');
            cells.stream().filter(c -> c.matches("\\d{10}")).findFirst()
                    .ifPresent(key -> rows.merge(key, norm(line), String::concat));
        }
        return new Decoded(kind, norm(all.toString()), Map.of(), rows, null);
    }

    /** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                lines.add(cells);
                cells = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !cells.isEmpty()) {
            cells.add(cell.toString());
            lines.add(cells);
        }
        return lines;
    }
}
