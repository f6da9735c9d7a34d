package jp.tsunagu.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The trail in plain Japanese (記録の言い換え): the stored detail keeps short English keys and ids
 * ({@code sections: header,programs}, {@code summary: jido-teate}, {@code reason: endpoint-not-allowed}),
 * which stay stable across versions and are what the hash covers; an auditor reads
 * 「表示した項目: 基本情報, 制度」「関わりのみ表示した制度: 児童手当」「理由: 許可されていないAPIへのアクセス」.
 * Labels live in {@code messages.properties} under {@code audit.key.*} and {@code audit.value.*}; a key or value
 * this version does not know is shown as stored rather than hidden.
 */
@Component
public class AuditWording {

    /** Keys whose value is one source id or a list of them. */
    private static final Set<String> SOURCE_KEYS = Set.of("source", "sources", "detail", "summary");
    /** Keys whose value is an instant (ISO-8601, UTC as stored). */
    private static final Set<String> INSTANT_KEYS = Set.of("until", "loginAt", "expiresAt", "lockedUntil");
    /** Keys whose value is a day. */
    private static final Set<String> DATE_KEYS = Set.of("asOf", "from", "to");
    /** Keys whose value is a department id. */
    private static final Set<String> DEPARTMENT_KEYS = Set.of("department", "dept");
    /** Keys whose value is a user ID. */
    private static final Set<String> STAFF_KEYS = Set.of("account", "actor");
    private static final String LIST_SEPARATOR = ", ";

    private final MessageSource messages;
    private final ObjectProvider<SourceCatalog> catalog;
    private final ObjectProvider<StaffDirectory> directory;

    AuditWording(MessageSource messages, ObjectProvider<SourceCatalog> catalog,
            ObjectProvider<StaffDirectory> directory) {
        this.messages = messages;
        this.catalog = catalog;
        this.directory = directory;
    }

    /** The entries as rows of the screen, with staff and department names read once for all of them. */
    public List<AuditRow> rows(List<AuditEntry> entries, Locale locale) {
        Names names = names(entries);
        return entries.stream().map(e -> row(e, names, locale)).toList();
    }

    AuditRow row(AuditEntry e, Names names, Locale locale) {
        return new AuditRow(e.seq(), TokyoTime.seconds(e.at()), TokyoTime.iso(e.at()), e.actor(),
                names.staff().get(e.actor()), e.actorLink(), e.actionLabel(), e.personKey(), e.personLink(),
                lines(e.detail(), names, locale), e.flagged());
    }

    /**
     * A row maker for an export that streams many entries: names are looked up only for IDs not seen
     * before, so a long export asks the directory once per staff member, not once per row.
     */
    public Function<AuditEntry, AuditRow> streaming(Locale locale) {
        Map<String, String> staff = new HashMap<>();
        Map<String, String> departments = new HashMap<>();
        Set<String> seenUsers = new HashSet<>();
        Set<String> seenDepartments = new HashSet<>();
        return e -> {
            Set<String> users = new HashSet<>();
            Set<String> depts = new HashSet<>();
            collect(e, users, depts);
            users.removeAll(seenUsers);
            depts.removeAll(seenDepartments);
            if (!users.isEmpty() || !depts.isEmpty()) {
                Names found = lookUp(users, depts);
                staff.putAll(found.staff());
                departments.putAll(found.departments());
                seenUsers.addAll(users);
                seenDepartments.addAll(depts);
            }
            return row(e, new Names(staff, departments), locale);
        };
    }

    /** 「介護 花子 (kaigo)」 for an account, the ID alone for anything else. */
    public String staffText(String username) {
        return withName(lookUp(Set.of(username), Set.of()).staff().get(username), username);
    }

    /** Staff and department names for every ID these entries mention. */
    Names names(Collection<AuditEntry> entries) {
        Set<String> users = new HashSet<>();
        Set<String> departments = new HashSet<>();
        entries.forEach(e -> collect(e, users, departments));
        return lookUp(users, departments);
    }

    private static void collect(AuditEntry e, Set<String> users, Set<String> departments) {
        users.add(e.actor());
        e.detail().forEach((key, value) -> {
            if (STAFF_KEYS.contains(key)) {
                users.add(value);
            } else if (DEPARTMENT_KEYS.contains(key)) {
                departments.add(value);
            }
        });
    }

    private Names lookUp(Set<String> users, Set<String> departments) {
        StaffDirectory staff = directory.getIfAvailable();
        if (staff == null) {
            return new Names(Map.of(), Map.of());
        }
        return new Names(users.isEmpty() ? Map.of() : staff.staffNames(users),
                departments.isEmpty() ? Map.of() : staff.departmentNames(departments));
    }

    /** Names read for one page or one export. */
    record Names(Map<String, String> staff, Map<String, String> departments) {
    }

    /** The detail as 「項目: 値」 lines, in the stored order. */
    List<String> lines(Map<String, String> detail, Names names, Locale locale) {
        List<String> lines = new ArrayList<>(detail.size());
        detail.forEach((key, value) -> lines.add(line(key, value, names, locale)));
        return lines;
    }

    String line(String key, String value, Names names, Locale locale) {
        if ("flagged".equals(key) && "true".equals(value)) {
            return text("audit.value.flagged.true", locale, "要確認");
        }
        return text("audit.key." + key, locale, key) + ": " + value(key, value, names, locale);
    }

    private String value(String key, String value, Names names, Locale locale) {
        if (value == null || value.isEmpty() || "null".equals(value)) {
            return text("audit.value.none", locale, "なし");
        }
        if (SOURCE_KEYS.contains(key)) {
            return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).map(this::sourceName)
                    .collect(Collectors.joining(LIST_SEPARATOR));
        }
        if ("sections".equals(key)) {
            return Arrays.stream(value.split(",")).map(s -> text("audit.section." + s, locale, s))
                    .collect(Collectors.joining(LIST_SEPARATOR));
        }
        if (INSTANT_KEYS.contains(key)) {
            return instant(value);
        }
        if (DATE_KEYS.contains(key)) {
            return date(value);
        }
        if ("delay".equals(key)) {
            return duration(value, locale);
        }
        if (DEPARTMENT_KEYS.contains(key)) {
            return withName(names.departments().get(value), value);
        }
        if (STAFF_KEYS.contains(key)) {
            return withName(names.staff().get(value), value);
        }
        if ("action".equals(key)) {
            return actionLabel(value);
        }
        String specific = messages.getMessage("audit.value." + key + "." + value, null, null, locale);
        if (specific != null) {
            return specific;
        }
        return text("audit.value." + value, locale, value);
    }

    private String sourceName(String id) {
        SourceCatalog sources = catalog.getIfAvailable();
        if (sources == null) {
            return id;
        }
        return sources.find(id).map(SourceDefinition::name).orElse(id);
    }

    private static String withName(String name, String id) {
        return name == null ? id : name + " (" + id + ")";
    }

    private static String actionLabel(String name) {
        try {
            return AuditAction.valueOf(name).label();
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private static String instant(String value) {
        try {
            return TokyoTime.minutes(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    private static String date(String value) {
        try {
            return JapaneseDates.warekiWithYear(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    /** PT1M → 1分, PT2H30M → 2時間30分. */
    private String duration(String value, Locale locale) {
        try {
            Duration d = Duration.parse(value);
            StringBuilder out = new StringBuilder();
            if (d.toHours() > 0) {
                out.append(d.toHours()).append(text("audit.unit.hours", locale, "時間"));
            }
            if (d.toMinutesPart() > 0) {
                out.append(d.toMinutesPart()).append(text("audit.unit.minutes", locale, "分"));
            }
            if (d.toSecondsPart() > 0 || out.isEmpty()) {
                out.append(d.toSecondsPart()).append(text("audit.unit.seconds", locale, "秒"));
            }
            return out.toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    private String text(String code, Locale locale, String otherwise) {
        return messages.getMessage(code, null, otherwise, locale);
    }
}
