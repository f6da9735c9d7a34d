package jp.tsunagu.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small city of day 1 and day 2, read back as a department's clerk or the importer would. */
class SampleExportsTests {

    private static final LocalDate DAY1 = LocalDate.of(2026, 4, 1);

    /** Sources that are insurance or pension rolls, not welfare programs: left out of the coverage count. */
    private static final Set<String> NOT_PROGRAMS = Set.of("jumin-kiroku", "jutogai", "kaigo-shikaku", "kokuho", "koki-korei", "kokumin-nenkin");

    @TempDir
    static Path dir;

    static GenerationResult day1;
    static GenerationResult day2;

    @BeforeAll
    static void generate() {
        day1 = SampleMunicipality.generate(SampleSize.SMALL, 1, 42L, dir.resolve("day1"));
        day2 = SampleMunicipality.generate(SampleSize.SMALL, 2, 42L, dir.resolve("day2"));
    }

    private static ExportReader read(String id) throws IOException {
        return new ExportReader(dir.resolve("day1"), id);
    }

    @Test
    void everyExportIsValidUnderItsShippedDefinition() throws IOException {
        List<String> errors = new ArrayList<>();
        for (GenerationResult.SourceFile source : day1.sources()) {
            ExportReader r = read(source.id());
            String id = source.id();
            assertThat(r.rows).as(id).hasSize(source.rows());
            assertThat(r.rows.size()).as(id + " has rows").isPositive();
            Set<String> recordKeys = new HashSet<>();
            @SuppressWarnings("unchecked")
            List<Object> recordKey = (List<Object>) r.definition.get("recordKey");
            int keyColumn = r.column(r.personKeyColumn());
            for (int line = 0; line < r.rows.size(); line++) {
                List<String> row = r.rows.get(line);
                String where = id + ":" + (line + 1) + ": ";
                if (row.size() != r.header.size()) {
                    errors.add(where + "columns " + row.size());
                    continue;
                }
                String key = row.get(keyColumn);
                if (!key.matches("\\d{1,10}") || !checkDigitHolds(ExportReader.pad(key))) {
                    errors.add(where + "person key " + key);
                }
                StringBuilder rk = new StringBuilder();
                for (Object c : recordKey) {
                    rk.append(ExportReader.pad(row.get(r.column(String.valueOf(c))))).append('|');
                }
                if (!recordKeys.add(rk.toString())) {
                    errors.add(where + "duplicate record key " + rk);
                }
                for (Map<String, Object> field : r.fields()) {
                    String value = row.get(r.column(String.valueOf(field.get("column"))));
                    String problem = invalid(field, value, "master".isEmpty() || r.definition.containsKey("role"));
                    if (problem != null) {
                        errors.add(where + field.get("name") + ": " + problem + " '" + value + "'");
                    }
                }
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void dialectsDifferAsTheRealSystemsDo() throws IOException {
        assertThat(read("jumin-kiroku").crlf).isTrue();
        assertThat(read("jutogai").bom).isTrue();
        assertThat(read("shogai-service").definition.get("delimiter")).isEqualTo("\t");
        assertThat(read("tokubetsu-jido-fuyo").definition.get("header")).isEqualTo(false);
        assertThat(read("jumin-kiroku").personKeys()).allMatch(k -> k.length() == 10);
        assertThat(read("kokuho").rows).anyMatch(row -> !row.get(0).startsWith("0"));
        ExportReader children = read("kodomo-iryo");
        int kana = children.column("児童カナ氏名");
        assertThat(children.rows).allMatch(row -> row.get(kana).chars().allMatch(c -> c == ' ' || (c >= 0xFF61 && c <= 0xFF9F)));
        ExportReader services = read("koreisha-fukushi");
        assertThat(services.rows).anyMatch(row -> row.get(services.column("配達先住所")).contains(","));
        ExportReader registry = read("jumin-kiroku");
        assertThat(registry.rows).anyMatch(row -> row.get(registry.column("氏名")).matches(".*[髙﨑邉邊齋].*"));
    }

    @Test
    void programsRespectTheirRules() throws IOException {
        Map<String, List<String>> residents = read("jumin-kiroku").byKey();
        Map<String, Integer> ages = new HashMap<>();
        residents.forEach((k, row) -> ages.put(k, age(DateNotations.parse(row.get(4), "era-code7"))));

        assertThat(residents).as("no two persons with one key").hasSize(read("jumin-kiroku").rows.size());
        assertThat(violations(read("kaigo-nintei"), k -> ages.get(k) < 40)).as("care certification under 40").isZero();
        ExportReader care = read("kaigo-shikaku");
        assertThat(read("kaigo-nintei").personKeys()).as("certified persons are insured").allMatch(Set.copyOf(care.personKeys())::contains);
        assertThat(violations(read("koki-korei"), k -> ages.get(k) < 65)).as("後期高齢者医療 under 65").isZero();
        assertThat(violations(read("koki-korei"), k -> ages.get(k) < 75)).as("後期高齢者医療 under 75").isZero();
        assertThat(violations(read("kokuho"), k -> ages.get(k) >= 75)).as("国民健康保険 at 75 or over").isZero();

        Map<String, Integer> childrenByHousehold = new HashMap<>();
        residents.forEach((k, row) -> {
            if (ages.get(k) <= 18) {
                childrenByHousehold.merge(ExportReader.pad(row.get(1)), 1, Integer::sum);
            }
        });
        assertThat(violations(read("jido-teate"), k -> !childrenByHousehold.containsKey(ExportReader.pad(residents.get(k).get(1)))))
                .as("児童手当 without a child in the household").isZero();

        assertThat(codesOutside(read("shintai-techo"), "等級", Set.of("1", "2", "3", "4", "5", "6"))).isZero();
        assertThat(codesOutside(read("ryoiku-techo"), "障害程度", Set.of("A", "B"))).isZero();
        assertThat(codesOutside(read("seishin-techo"), "等級", Set.of("1", "2", "3"))).isZero();
    }

    @Test
    void householdMembersShareAnAddressUnlessUnderASupportMeasure() throws IOException {
        ExportReader registry = read("jumin-kiroku");
        int hh = registry.column("世帯番号");
        int support = registry.column("支援措置");
        Map<String, String> addressOfHousehold = new HashMap<>();
        int violations = 0;
        Map<String, String> registered = new HashMap<>();
        Set<String> supported = new HashSet<>();
        List<String> keys = registry.personKeys();
        for (int i = 0; i < registry.rows.size(); i++) {
            List<String> row = registry.rows.get(i);
            String address = row.get(registry.column("住所")) + "|" + row.get(registry.column("方書"));
            registered.put(keys.get(i), address);
            if (row.get(support).equals("1")) {
                supported.add(keys.get(i));
                continue;
            }
            String first = addressOfHousehold.putIfAbsent(row.get(hh), address);
            if (first != null && !first.equals(address)) {
                violations++;
            }
        }
        assertThat(violations).isZero();
        assertThat(supported).isNotEmpty();

        // where a program shows another address (居所), the person is under a support measure
        ExportReader assistance = read("seikatsu-hogo");
        List<String> assisted = assistance.personKeys();
        int elsewhere = 0;
        for (int i = 0; i < assistance.rows.size(); i++) {
            List<String> row = assistance.rows.get(i);
            String shown = row.get(assistance.column("住所")) + "|" + row.get(assistance.column("方書"));
            if (!shown.equals(registered.get(assisted.get(i))) && !supported.contains(assisted.get(i))) {
                elsewhere++;
            }
        }
        assertThat(elsewhere).isZero();
    }

    @Test
    void aboutFortyPercentOfResidentsAreInAtLeastOneProgram() throws IOException {
        Set<String> residents = read("jumin-kiroku").byKey().keySet();
        Set<String> involved = new HashSet<>();
        for (String id : SampleMunicipality.sourceIds()) {
            if (!NOT_PROGRAMS.contains(id)) {
                involved.addAll(read(id).personKeys());
            }
        }
        involved.retainAll(residents);
        double share = (double) involved.size() / residents.size();
        assertThat(share).isBetween(0.35, 0.45);
    }

    @Test
    void aboutThirtyPercentOfResidentsAreSixtyFiveOrOver() throws IOException {
        ExportReader registry = read("jumin-kiroku");
        long old = registry.rows.stream().filter(row -> age(DateNotations.parse(row.get(4), "era-code7")) >= 65).count();
        assertThat((double) old / registry.rows.size()).isBetween(0.26, 0.34);
    }

    @Test
    void dayTwoDiffersFromDayOneByThatDaysEvents() throws IOException {
        Map<String, List<String>> before = new ExportReader(dir.resolve("day1"), "jumin-kiroku").byKey();
        Map<String, List<String>> after = new ExportReader(dir.resolve("day2"), "jumin-kiroku").byKey();
        int added = 0;
        int changed = 0;
        int ended = 0;
        for (var e : after.entrySet()) {
            List<String> old = before.get(e.getKey());
            if (old == null) {
                added++;
            } else if (!Objects.equals(old, e.getValue())) {
                changed++;
            }
        }
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                ended++;
            }
        }
        DayEvents events = day2.events();
        assertThat(events.date()).isEqualTo(DAY1.plusDays(1));
        assertThat(added).isEqualTo(events.registryAdded()).isPositive();
        assertThat(changed).isEqualTo(events.registryChanged()).isPositive();
        assertThat(ended).as("the export keeps the 除票 of who died or moved out").isEqualTo(events.registryEnded()).isZero();
        assertThat(added).isEqualTo(events.births() + events.movedIn());
        int reason = new ExportReader(dir.resolve("day2"), "jumin-kiroku").column("異動事由");
        long deaths = after.entrySet().stream().filter(e -> !Objects.equals(before.get(e.getKey()), e.getValue()))
                .filter(e -> e.getValue().get(reason).equals("12")).count();
        long departures = after.entrySet().stream().filter(e -> !Objects.equals(before.get(e.getKey()), e.getValue()))
                .filter(e -> e.getValue().get(reason).equals("11")).count();
        assertThat(deaths).as("死亡 rows changed on day 2").isEqualTo(events.deaths()).isPositive();
        assertThat(departures).as("転出 rows changed on day 2").isEqualTo(events.movedOut()).isPositive();
        assertThat(day2.residents()).isEqualTo(day1.residents() + added - deaths - departures);

        int sourcesThatChanged = 0;
        for (String id : SampleMunicipality.sourceIds()) {
            var a = new ExportReader(dir.resolve("day1"), id).rows;
            var b = new ExportReader(dir.resolve("day2"), id).rows;
            if (!Set.copyOf(a).equals(Set.copyOf(b))) {
                sourcesThatChanged++;
            }
        }
        assertThat(sourcesThatChanged).isGreaterThanOrEqualTo(3);
    }

    private static int age(LocalDate birth) {
        return java.time.Period.between(birth, DAY1).getYears();
    }

    private static long violations(ExportReader r, java.util.function.Predicate<String> bad) {
        return r.personKeys().stream().filter(bad).count();
    }

    private static long codesOutside(ExportReader r, String column, Set<String> allowed) {
        int c = r.column(column);
        return r.rows.stream().filter(row -> !allowed.contains(row.get(c))).count();
    }

    static boolean checkDigitHolds(String key) {
        int sum = 0;
        int weight = 2;
        for (int i = 8; i >= 0; i--) {
            sum += (key.charAt(i) - '0') * weight;
            weight = weight == 7 ? 2 : weight + 1;
        }
        int r = sum % 11;
        return key.charAt(9) - '0' == (r <= 1 ? 0 : 11 - r);
    }

    /** Why {@code value} is invalid for {@code field}, or null. */
    private static String invalid(Map<String, Object> field, String value, boolean master) {
        String type = String.valueOf(field.get("type"));
        boolean required = field.containsKey("required") ? Boolean.TRUE.equals(field.get("required")) : master && type.equals("date");
        if (value.isEmpty()) {
            return required ? "empty" : null;
        }
        if (value.indexOf('\uFFFD') >= 0) {
            return "U+FFFD";
        }
        switch (type) {
            case "text" -> {
                return null;
            }
            case "integer" -> {
                return value.matches("-?[0-9,]+") ? null : "not an integer";
            }
            case "decimal" -> {
                return value.matches("-?[0-9]+(\\.[0-9]+)?") ? null : "not a decimal";
            }
            case "code" -> {
                Map<?, ?> codes = (Map<?, ?>) field.get("codes");
                return codes.keySet().stream().map(String::valueOf).anyMatch(value::equals) ? null : "unknown code";
            }
            case "date" -> {
                @SuppressWarnings("unchecked")
                List<String> formats = (List<String>) field.get("formats");
                return formats.stream().anyMatch(f -> DateNotations.parse(value, f) != null) ? null : "not a date in " + formats;
            }
            default -> {
                return "unknown type " + type;
            }
        }
    }
}
