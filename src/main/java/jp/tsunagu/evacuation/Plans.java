package jp.tsunagu.evacuation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Individual evacuation plans (個別避難計画, 災害対策基本法 49条の14): per person on the list, who helps
 * (name, relation, contact), the designated shelter, how to get there and notes.
 */
@Service
public class Plans {

    /** One supporter (避難支援等実施者). */
    public record Supporter(String name, String relation, String contact) {
    }

    /** A person's plan. */
    public record Plan(String personKey, String shelterId, String means, String notes, List<Supporter> supporters,
            String updatedBy, OffsetDateTime updatedAt) {
    }

    private final JdbcClient jdbc;
    private final Roster roster;
    private final CityMap map;

    Plans(JdbcClient jdbc, Roster roster, CityMap map) {
        this.jdbc = jdbc;
        this.roster = roster;
        this.map = map;
    }

    public Optional<Plan> find(String personKey) {
        List<Supporter> supporters = jdbc.sql("""
                SELECT name, relation, contact FROM evac_plan_supporter WHERE person_key = :k ORDER BY seq""")
                .param("k", personKey).query((rs, i) -> new Supporter(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
        return jdbc.sql("SELECT shelter_id, means, notes, updated_by, updated_at FROM evac_plan WHERE person_key = :k")
                .param("k", personKey)
                .query((rs, i) -> new Plan(personKey, rs.getString(1), rs.getString(2), rs.getString(3), supporters,
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class)))
                .optional();
    }

    /** Saves the plan whole (the supporters replace the earlier ones); refused for a person not on the list. */
    @Transactional
    public void save(String personKey, String shelterId, String means, String notes, List<Supporter> supporters,
            String user) {
        if (!roster.listed(personKey)) {
            throw new EvacuationInputException("宛名番号 " + personKey + " の人は名簿に載っていないため、計画を作れません");
        }
        if (shelterId != null && !shelterId.isBlank() && map.shelter(shelterId).isEmpty()) {
            throw new EvacuationInputException("避難所 (shelter) が市の指定避難所にありません");
        }
        check("避難の方法 (means)", means, 200);
        check("備考 (notes)", notes, 1000);
        for (Supporter s : supporters) {
            check("支援者の氏名", s.name(), 100);
            check("支援者の続柄・関係", s.relation(), 50);
            check("支援者の連絡先", s.contact(), 100);
        }
        jdbc.sql("""
                INSERT INTO evac_plan (person_key, shelter_id, means, notes, updated_by, updated_at)
                VALUES (:k, :s, :m, :n, :by, now())
                ON CONFLICT (person_key) DO UPDATE SET shelter_id = EXCLUDED.shelter_id, means = EXCLUDED.means,
                       notes = EXCLUDED.notes, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""")
                .param("k", personKey).param("s", blank(shelterId)).param("m", blank(means)).param("n", blank(notes))
                .param("by", user).update();
        jdbc.sql("DELETE FROM evac_plan_supporter WHERE person_key = :k").param("k", personKey).update();
        int seq = 0;
        for (Supporter s : supporters) {
            if (s.name() == null || s.name().isBlank()) {
                continue;
            }
            jdbc.sql("""
                    INSERT INTO evac_plan_supporter (person_key, seq, name, relation, contact)
                    VALUES (:k, :seq, :name, :relation, :contact)""")
                    .param("k", personKey).param("seq", ++seq).param("name", s.name().strip())
                    .param("relation", blank(s.relation())).param("contact", blank(s.contact())).update();
        }
    }

    private static void check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new EvacuationInputException(field + " は " + max + " 文字までです");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
