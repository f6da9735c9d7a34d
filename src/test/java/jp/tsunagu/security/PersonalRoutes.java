package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How to ask each personal-data route about the city's data (個人情報を返すルートの問い方): route → its probes.
 * Which routes return personal data is not decided here but by the {@code @PersonalData} marker on the
 * handler method; a marked route without an entry here fails the matrix, naming it.
 */
final class PersonalRoutes {

    static final Map<String, BiFunction<MatrixCity, String, List<Probe>>> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("GET /persons/{personKey}", (city, route) -> OverviewProbes.probes(city, route, false));
        TABLE.put("GET /api/v1/persons/{personKey}/overview",
                (city, route) -> OverviewProbes.probes(city, route, true));
        TABLE.put("GET /search", (city, route) -> SearchProbes.probes(city, route, false));
        TABLE.put("GET /api/v1/persons", (city, route) -> SearchProbes.probes(city, route, true));
        TABLE.put("GET /department", (city, route) -> DepartmentProbes.probes(city, route, "/department", false));
        TABLE.put("GET /api/v1/department/persons",
                (city, route) -> DepartmentProbes.probes(city, route, "/api/v1/department/persons", false));
        TABLE.put("GET /department/export.csv",
                (city, route) -> DepartmentProbes.probes(city, route, "/department/export.csv", true));
        TABLE.put("GET /department/export.xlsx",
                (city, route) -> DepartmentProbes.probes(city, route, "/department/export.xlsx", true));
        TABLE.put("GET /admin/quality/duplicates", AdminProbes::duplicates);
        TABLE.put("GET /admin/quality/unindexed/{sourceId}", AdminProbes::unindexed);
        TABLE.put("GET /admin/imports/runs/{runId}/changes", AdminProbes::importChanges);
        TABLE.put("GET /evacuation/districts/{district}", EvacuationProbes::district);
        TABLE.put("GET /evacuation/persons/{personKey}", EvacuationProbes::person);
        TABLE.put("GET /api/v1/evacuation/persons", EvacuationProbes::apiDistrict);
        TABLE.put("GET /api/v1/evacuation/persons/{personKey}", EvacuationProbes::apiPerson);
        TABLE.put("GET /evacuation/consent/mailing.xlsx", EvacuationProbes::mailing);
        TABLE.put("GET /evacuation/consent/letters.pdf", EvacuationProbes::letters);
        TABLE.put("GET /evacuation/safety", EvacuationProbes::safety);
        TABLE.put("POST /evacuation/handovers", EvacuationProbes::handover);
        TABLE.put("GET /evacuation/map", EvacuationProbes::map);
        TABLE.put("GET /evacuation/persons/{personKey}/plan", EvacuationProbes::plan);
        TABLE.put("GET /evacuation/persons/{personKey}/plan.pdf", EvacuationProbes::planPdf);
        TABLE.put("GET /audit", AuditScreenProbes::start);
        TABLE.put("GET /audit/events", AuditScreenProbes::events);
        TABLE.put("GET /audit/events.csv", AuditScreenProbes::csv);
        TABLE.put("GET /audit/persons/{personKey}", AuditScreenProbes::person);
        TABLE.put("GET /audit/users/{username}", AuditScreenProbes::user);
        TABLE.put("GET /persons/{personKey}/documents", (city, route) -> DocumentProbes.lists(city, route,
                "/persons/{personKey}/documents", false));
        TABLE.put("GET /persons/{personKey}/documents/panel", (city, route) -> DocumentProbes.lists(city, route,
                "/persons/{personKey}/documents/panel", false));
        TABLE.put("GET /api/v1/persons/{personKey}/documents", (city, route) -> DocumentProbes.lists(city, route,
                "/api/v1/persons/{personKey}/documents", true));
        TABLE.put("GET /documents/{documentId}", DocumentProbes::page);
        TABLE.put("GET /documents/{documentId}/content", DocumentProbes::content);
        TABLE.put("GET /documents/{documentId}/download", DocumentProbes::content);
        TABLE.put("GET /api/v1/persons/{personKey}/documents/{documentId}/content", DocumentProbes::content);
        TABLE.put("GET /messages", (city, route) -> DocumentProbes.inbox(city, route, "/messages"));
        TABLE.put("GET /api/v1/messages", (city, route) -> DocumentProbes.inbox(city, route, "/api/v1/messages"));
        TABLE.put("GET /admin/documents/retention", DocumentProbes::retention);
        TABLE.put("GET /procedures/persons/{personKey}", (city, route) -> ProceduresProbes.person(city, route, false));
        TABLE.put("GET /api/v1/persons/{personKey}/procedures",
                (city, route) -> ProceduresProbes.person(city, route, true));
        TABLE.put("GET /procedures", (city, route) -> ProceduresProbes.worklist(city, route, "/procedures", false));
        TABLE.put("GET /procedures/export.csv",
                (city, route) -> ProceduresProbes.worklist(city, route, "/procedures/export.csv", true));
        TABLE.put("GET /procedures/export.xlsx",
                (city, route) -> ProceduresProbes.worklist(city, route, "/procedures/export.xlsx", true));
        TABLE.put("GET /api/v1/life-events", ProceduresProbes::feed);
        TABLE.put("GET /procedures/persons/{personKey}/sheet.pdf", ProceduresProbes::sheet);
        TABLE.put("GET /consultations", (city, route) -> ConsultationProbes.list(city, route, false));
        TABLE.put("GET /api/v1/consultations", (city, route) -> ConsultationProbes.list(city, route, true));
        TABLE.put("GET /consultations/{consultationId}", (city, route) -> ConsultationProbes.record(city, route, false));
        TABLE.put("GET /api/v1/consultations/{consultationId}",
                (city, route) -> ConsultationProbes.record(city, route, true));
        TABLE.put("GET /consultations/board",
                (city, route) -> ConsultationProbes.board(city, route, "/consultations/board"));
        TABLE.put("GET /consultations/board/items",
                (city, route) -> ConsultationProbes.board(city, route, "/consultations/board/items"));
        TABLE.put("GET /consultations/board.pdf",
                (city, route) -> ConsultationProbes.board(city, route, "/consultations/board.pdf"));
        TABLE.put("GET /consultations/persons/{personKey}/timeline",
                (city, route) -> ConsultationProbes.timeline(city, route, false));
        TABLE.put("GET /api/v1/consultations/persons/{personKey}/timeline",
                (city, route) -> ConsultationProbes.timeline(city, route, true));
        TABLE.put("GET /api/v1/consultations/board",
                (city, route) -> ConsultationProbes.board(city, route, "/api/v1/consultations/board"));
        TABLE.put("GET /insights/households", (city, route) -> InsightsProbes.households(city, route, false));
        TABLE.put("GET /api/v1/insights/households", (city, route) -> InsightsProbes.households(city, route, true));
    }

    /**
     * Routes that return personal data without meeting every rule yet, with the issue that tracks them: the
     * matrix still asks them and prints what it finds, and fails when one of them no longer fails, so that the
     * entry is removed the day the gap is closed.
     */
    static final Map<String, String> KNOWN_GAPS = Map.of();

    private PersonalRoutes() {
    }

    /**
     * Nothing was found wrong but on the known gaps, and each known gap among the routes asked still fails
     * (when it does not, it is closed: remove it from {@link #KNOWN_GAPS}). The findings go to a file in
     * {@code target/} for whoever reads a failure, the known gaps' too.
     */
    static void assertOnlyKnownGaps(Findings findings, Collection<String> asked, String file) {
        List<String> lines = new ArrayList<>(findings.lines());
        try {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", file), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> unexpected = lines.stream()
                .filter(l -> KNOWN_GAPS.keySet().stream().noneMatch(gap -> l.startsWith(gap + " "))).toList();
        assertThat(unexpected).as("what the matrix found (all %d in target/%s)", lines.size(), file).isEmpty();
        List<String> closed = KNOWN_GAPS.keySet().stream().filter(asked::contains)
                .filter(gap -> findings.of(gap).isEmpty()).toList();
        assertThat(closed).as("known gaps that no longer fail: remove them from PersonalRoutes.KNOWN_GAPS").isEmpty();
    }

    /** The probes of a route, or an empty list when the table has no entry. */
    static List<Probe> probes(MatrixCity city, String route) {
        BiFunction<MatrixCity, String, List<Probe>> factory = TABLE.get(route);
        return factory == null ? List.of() : factory.apply(city, route);
    }
}
