package jp.tsunagu.procedures;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.RecordReader;
import jp.tsunagu.importing.SnapshotApplied;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.importing.SourceRecords;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.ResidentIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Detects life events from a master source's applied snapshot (ライフイベントの検出) — pushed by the
 * import, never polled: a record added with 異動事由 出生 or 転入, a record changed to a new 異動事由
 * (死亡, 転出, 転居, 世帯変更 …), a changed address (転居) or household (世帯変更) without one, and a
 * record gone without a reason (消除, not a guess at why). Each event is recorded once, with the source,
 * the run and the day it happened (異動日, or the import's day), and gets its checklist in the same
 * transaction.
 */
@Service
class LifeEventDetector {

    private static final Logger log = LoggerFactory.getLogger(LifeEventDetector.class);

    private final SourceRecords records;
    private final RecordReader runs;
    private final SourceCatalog catalog;
    private final ProcedureRegistry registry;
    private final LifeEventRecorder recorder;
    private final DetectionSwitch detection;
    private final JsonMapper json = JsonMapper.builder().build();

    LifeEventDetector(SourceRecords records, RecordReader runs, SourceCatalog catalog, ProcedureRegistry registry,
            LifeEventRecorder recorder, DetectionSwitch detection) {
        this.records = records;
        this.runs = runs;
        this.catalog = catalog;
        this.registry = registry;
        this.recorder = recorder;
        this.detection = detection;
    }

    @ApplicationModuleListener
    void on(SnapshotApplied event) {
        if (event.role().isMaster() && detection.on()) {
            detect(event.runId(), event.sourceId());
        }
    }

    /** Detects and records the events of one applied master run; answers what was added. */
    LifeEventRecorder.Added detect(long runId, String sourceId) {
        SourceDefinition source = catalog.get(sourceId);
        OffsetDateTime finished = runs.finishedAt(runId);
        LocalDate runDay = finished == null ? LocalDate.now(TokyoTime.ZONE)
                : finished.atZoneSameInstant(TokyoTime.ZONE).toLocalDate();
        long t0 = System.nanoTime();
        List<LifeEvents.NewEvent> found = new ArrayList<>();
        records.forEachDifference(runId, d -> found.addAll(events(source, runId, runDay, d)));
        long t1 = System.nanoTime();
        LifeEventRecorder.Added added = recorder.record(found);
        // the two phases' times tell an operator whether reading the differences or writing the checklists is slow
        log.info("ライフイベントを検出しました ({} 取込 {}): 出来事 {} 件、手続き {} 件 (差分の読み取り {} ms、出来事の記録 {} ms、"
                + "条件の読み取り {} ms、手続きの記録 {} ms、計 {} ms)", sourceId, runId, added.events().size(),
                added.items(), (t1 - t0) / 1_000_000, added.eventsMillis(), added.factsMillis(), added.itemsMillis(),
                (System.nanoTime() - t0) / 1_000_000);
        return added;
    }

    /** A 除票's 異動事由 (転出, 死亡); a master without the column has none ({@code Set.of} refuses null). */
    private static boolean removal(String reason) {
        return ResidentIndex.removal(reason);
    }

    private List<LifeEvents.NewEvent> events(SourceDefinition source, long runId, LocalDate runDay,
            SourceRecords.Difference d) {
        Master before = d.before() == null ? null : master(source, d.before());
        Master after = d.after() == null ? null : master(source, d.after());
        List<LifeEvents.NewEvent> events = new ArrayList<>();
        switch (d.kind()) {
            case 'A' -> registry.byMoveReason(after.reason())
                    .ifPresent(k -> events.add(event(d, k, after.movedOn(runDay), source, runId, after)));
            case 'C' -> {
                boolean newMove = !Objects.equals(before.reason(), after.reason())
                        || !Objects.equals(before.movedOn(), after.movedOn());
                Optional<EventKind> byReason = newMove ? registry.byMoveReason(after.reason()) : Optional.empty();
                if (byReason.isPresent()) {
                    events.add(event(d, byReason.get(), after.movedOn(runDay), source, runId, after));
                } else if (!removal(after.reason())) {
                    // a 除票 that changes (its household moved on) is no new event of that person
                    if (!Objects.equals(before.address(), after.address())) {
                        registry.byChange("address").ifPresent(k -> events.add(event(d, k, runDay, source, runId, after)));
                    }
                    if (!Objects.equals(before.household(), after.household())) {
                        registry.byChange("household")
                                .ifPresent(k -> events.add(event(d, k, runDay, source, runId, after)));
                    }
                }
            }
            case 'E' -> {
                if (!removal(before.reason())) {
                    registry.byChange("removed").ifPresent(k -> events.add(event(d, k, runDay, source, runId, before)));
                }
            }
            default -> {
            }
        }
        return events;
    }

    private static LifeEvents.NewEvent event(SourceRecords.Difference d, EventKind kind, LocalDate day,
            SourceDefinition source, long runId, Master values) {
        return new LifeEvents.NewEvent(d.personKey(), kind.id(), day, "IMPORT", source.id(), runId, values.household(),
                Towns.of(values.address()), null, "system", values.birthDate());
    }

    /** The master attributes of one version of a record. */
    private record Master(String reason, LocalDate movedOn, String address, String household, LocalDate birthDate) {

        LocalDate movedOn(LocalDate otherwise) {
            return movedOn == null ? otherwise : movedOn;
        }
    }

    private Master master(SourceDefinition source, String data) {
        JsonNode values = json.readTree(data);
        Map<String, String> master = source.master();
        return new Master(label(source, master.get("moveReason"), values), date(master.get("movedOn"), values),
                text(master.get("address"), values), text(master.get("householdKey"), values),
                date(master.get("birthDate"), values));
    }

    private static String text(String field, JsonNode values) {
        return field == null || !values.hasNonNull(field) ? null : values.get(field).asString();
    }

    private static String label(SourceDefinition source, String field, JsonNode values) {
        String code = text(field, values);
        FieldDefinition definition = field == null ? null : source.field(field);
        return code == null || definition == null ? code : definition.codeLabel(code);
    }

    private static LocalDate date(String field, JsonNode values) {
        String text = text(field, values);
        return text == null ? null : LocalDate.parse(text);
    }
}
