package jp.tsunagu.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.AuditRows;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Checklists (手続きのチェックリスト) on the sample city: the registry's conditions decide the items (a
 * household without 国保 gets no 国保 item; only a deceased with a 手帳 gets the 手帳 返還), an item moves
 * 要対応 → 案内済 → 完了 and back only by its department's caseworkers, and its whole history stays, with
 * each change in the audit trail; an item never vanishes.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-procedures-checklist-f${tsunagu.test.fork:1}")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChecklistTests {

    static final Viewer KODOMO = new Viewer("c-kodomo", Role.CASEWORKER, "kodomo");
    static final Viewer HOKEN = new Viewer("c-hoken", Role.CASEWORKER, "hoken-nenkin");
    static final Viewer SHIMIN_VIEWER = new Viewer("c-madoguchi", Role.VIEWER, "shimin");

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ManualEvents manual;
    @Autowired
    ItemChanges changes;
    @Autowired
    ItemStore store;
    @TempDir
    static Path dir;

    @BeforeAll
    void sampleCity() {
        SampleCity.importSmall(catalog, imports, jdbc, dir);
    }

    @Test
    void aHouseholdWithoutNationalHealthInsuranceGetsNoNationalHealthInsuranceItem() {
        String insured = child(true, 0);
        String uninsured = child(false, 0);
        LocalDate day = LocalDate.of(2026, 3, 1);
        manual.record(insured, "birth", day, null, KODOMO);
        manual.record(uninsured, "birth", day, null, KODOMO);
        assertThat(procedureIds(insured)).contains("jido-teate", "kodomo-iryo", "kokuho-kanyu");
        assertThat(procedureIds(uninsured)).contains("jido-teate", "kodomo-iryo").doesNotContain("kokuho-kanyu");
    }

    @Test
    void onlyADeceasedWhoHeldACertificateGetsItsReturn() {
        String holder = jdbc.sql("""
                SELECT p.person_key FROM person p WHERE p.status = '住民' AND p.birth_date < '1960-01-01'
                   AND p.person_key IN (SELECT person_key FROM source_record WHERE source_id = 'shintai-techo')
                 ORDER BY p.person_key LIMIT 1""").query(String.class).single();
        String other = jdbc.sql("""
                SELECT p.person_key FROM person p WHERE p.status = '住民' AND p.birth_date < '1960-01-01'
                   AND p.person_key NOT IN (SELECT person_key FROM source_record
                                             WHERE source_id IN ('shintai-techo', 'ryoiku-techo', 'seishin-techo'))
                 ORDER BY p.person_key LIMIT 1""").query(String.class).single();
        LocalDate day = LocalDate.of(2026, 3, 2);
        manual.record(holder, "death", day, "病院から連絡", new Viewer("c-shimin", Role.CASEWORKER, "shimin"));
        manual.record(other, "death", day, null, new Viewer("c-shimin", Role.CASEWORKER, "shimin"));
        assertThat(procedureIds(holder)).contains("shibo-todoke", "techo-henkan");
        assertThat(procedureIds(other)).contains("shibo-todoke").doesNotContain("techo-henkan");
        assertThatThrownBy(() -> manual.record(other, "death", day, null,
                new Viewer("c-shimin", Role.CASEWORKER, "shimin")))
                .isInstanceOf(ItemChangeRefused.class).hasMessageContaining("記録済み");
    }

    @Test
    void anItemKeepsItsWholeHistoryAndEveryChangeIsAudited() {
        String child = child(true, 1);
        manual.record(child, "birth", LocalDate.of(2026, 3, 3), null, KODOMO);
        ProcedureItem item = store.itemsOf(child).stream().filter(i -> i.procedureId().equals("jido-teate")).findFirst()
                .orElseThrow();
        assertThat(item.status()).isEqualTo(ItemStatus.OPEN);
        assertThat(item.dueOn()).isEqualTo(LocalDate.of(2026, 3, 18));
        long mark = AuditRows.mark(jdbc);

        assertThatThrownBy(() -> changes.markGuided(item.itemId(), item.version(), HOKEN, null))
                .as("another department").isInstanceOf(ItemChangeRefused.class).hasMessageContaining("担当課");
        assertThatThrownBy(() -> changes.markGuided(item.itemId(), item.version(),
                new Viewer("c-kodomo-viewer", Role.VIEWER, "kodomo"), null))
                .as("a viewer of the department").isInstanceOf(ItemChangeRefused.class);
        ProcedureItem guided = changes.markGuided(item.itemId(), item.version(), KODOMO, "電話で案内");
        assertThat(guided.status()).isEqualTo(ItemStatus.GUIDED);
        assertThatThrownBy(() -> changes.complete(item.itemId(), item.version(), KODOMO, null))
                .as("a change from a stale page").isInstanceOf(ItemChangeRefused.class).hasMessageContaining("他の職員");
        ProcedureItem done = changes.complete(item.itemId(), guided.version(), KODOMO, null);
        assertThatThrownBy(() -> changes.markGuided(item.itemId(), done.version(), KODOMO, null))
                .isInstanceOf(ItemChangeRefused.class).hasMessageContaining("「完了」の手続きは「案内済」にできません");
        assertThatThrownBy(() -> changes.reopen(item.itemId(), done.version(), KODOMO, " "))
                .isInstanceOf(ItemChangeRefused.class).hasMessage("理由を入力してください");
        ProcedureItem reopened = changes.reopen(item.itemId(), done.version(), KODOMO, "受給者を取り違えた");
        ProcedureItem notApplicable = changes.notApplicable(item.itemId(), reopened.version(), KODOMO, "父が公務員 (所属庁で支給)");
        assertThat(notApplicable.status()).isEqualTo(ItemStatus.NOT_APPLICABLE);
        assertThat(notApplicable.reason()).isEqualTo("父が公務員 (所属庁で支給)");

        List<ItemStore.History> history = store.history(item.itemId());
        assertThat(history).extracting(ItemStore.History::status).containsExactly(ItemStatus.OPEN, ItemStatus.GUIDED,
                ItemStatus.DONE, ItemStatus.OPEN, ItemStatus.NOT_APPLICABLE);
        assertThat(history).extracting(ItemStore.History::changedBy).containsExactly("c-kodomo", "c-kodomo", "c-kodomo",
                "c-kodomo", "c-kodomo");
        assertThat(history.get(1).note()).isEqualTo("電話で案内");
        assertThat(history.get(3).reason()).isEqualTo("受給者を取り違えた");
        assertThat(AuditRows.since(jdbc, mark, "c-kodomo")).extracting(AuditRows.Row::action)
                .containsExactly("PROCEDURE_CHANGE", "PROCEDURE_CHANGE", "PROCEDURE_CHANGE", "PROCEDURE_CHANGE");
        assertThat(AuditRows.since(jdbc, mark, "c-kodomo").get(3).detail()).containsEntry("to", "対象外")
                .containsEntry("from", "要対応").containsEntry("reason", "父が公務員 (所属庁で支給)");
        assertThat(AuditRows.since(jdbc, mark, "c-kodomo")).allMatch(r -> child.equals(r.personKey()));
        assertThat(AuditRows.since(jdbc, mark, "c-hoken")).as("a refused change records nothing").isEmpty();

        assertThatThrownBy(() -> jdbc.sql("DELETE FROM procedure_item WHERE item_id = :id").param("id", item.itemId())
                .update()).hasMessageContaining("手続きの記録は削除できません");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM procedure_item_history WHERE item_id = :id")
                .param("id", item.itemId()).update()).hasMessageContaining("手続きの記録は削除できません");
    }

    @Test
    void staffRecordALifeChangeTheRegistryDoesNotShowAndAddAProcedureByHand() {
        String adult = jdbc.sql("""
                SELECT person_key FROM person WHERE status = '住民' AND birth_date BETWEEN '1970-01-01' AND '1990-01-01'
                 ORDER BY person_key OFFSET 3 LIMIT 1""").query(String.class).single();
        assertThatThrownBy(() -> manual.record(adult, "job-loss", LocalDate.of(2026, 3, 4), null, SHIMIN_VIEWER))
                .as("a viewer records nothing").isInstanceOf(ItemChangeRefused.class);
        assertThatThrownBy(() -> manual.record(adult, "job-loss", LocalDate.now().plusDays(3), null, HOKEN))
                .isInstanceOf(ItemChangeRefused.class).hasMessageContaining("未来");
        ManualEvents.Recorded recorded = manual.record(adult, "job-loss", LocalDate.of(2026, 3, 4), "本人が来庁", HOKEN);
        assertThat(procedureIds(adult)).contains("nenkin-shubetsu");
        LifeEvent event = store.event(recorded.seq()).orElseThrow();
        assertThat(event.origin()).isEqualTo("MANUAL");
        assertThat(event.recordedBy()).isEqualTo("c-hoken");
        assertThat(event.note()).isEqualTo("本人が来庁");
        long id = manual.addItem(adult, recorded.seq(), "国民健康保険", "保険税の減免の案内", LocalDate.of(2026, 4, 30), null, HOKEN);
        ProcedureItem added = store.item(id).orElseThrow();
        assertThat(added.manual()).isTrue();
        assertThat(added.departmentId()).isEqualTo("hoken-nenkin");
        assertThat(added.status()).isEqualTo(ItemStatus.OPEN);
        assertThat(store.history(id)).extracting(ItemStore.History::changedBy).containsExactly("c-hoken");
    }

    private List<String> procedureIds(String personKey) {
        return store.itemsOf(personKey).stream().map(ProcedureItem::procedureId).toList();
    }

    /** A young child whose household is (or is not) in 国民健康保険. */
    private String child(boolean insured, int offset) {
        return jdbc.sql("""
                SELECT p.person_key FROM person p WHERE p.status = '住民' AND p.birth_date > '2022-01-01'
                   AND %s EXISTS (SELECT 1 FROM person q JOIN source_record r ON r.person_key = q.person_key
                                   WHERE r.source_id = 'kokuho' AND q.household_key = p.household_key)
                 ORDER BY p.person_key OFFSET :o LIMIT 1""".formatted(insured ? "" : "NOT"))
                .param("o", offset).query(String.class).single();
    }
}
