package jp.tsunagu.evacuation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent to giving the list in normal times (平常時の名簿情報提供への同意), per person and purpose, with the
 * day, the way it came and who recorded it; and who has been asked, so that the mailing list (同意確認書の送付
 * 対象) holds those not asked yet.
 */
@Service
public class Consents {

    private final JdbcClient jdbc;
    private final Roster roster;
    private final TokyoTime time;
    private final jp.tsunagu.resident.PersonFacts persons;

    Consents(JdbcClient jdbc, Roster roster, TokyoTime time, jp.tsunagu.resident.PersonFacts persons) {
        this.jdbc = jdbc;
        this.roster = roster;
        this.time = time;
        this.persons = persons;
    }

    /** Records a resident's own request to be on the list (申出); the caller recomputes the list. */
    @Transactional
    public void request(String personKey, LocalDate requestedOn, String user) {
        if (persons.residentAddresses(new String[] {personKey}).isEmpty()) {
            throw new EvacuationInputException("宛名番号 " + personKey + " の住民はいません (申出は住民についてだけ記録できます)");
        }
        if (requestedOn == null || requestedOn.isAfter(time.today())) {
            throw new EvacuationInputException("申出日 (requestedOn) は今日までの日付で入力してください");
        }
        jdbc.sql("""
                INSERT INTO evac_request (person_key, requested_on, recorded_by) VALUES (:k, :on, :by)
                ON CONFLICT (person_key) DO UPDATE SET requested_on = EXCLUDED.requested_on,
                       recorded_by = EXCLUDED.recorded_by, recorded_at = now()""")
                .param("k", personKey).param("on", requestedOn).param("by", user).update();
    }

    /** Records an answer for one purpose (a later answer replaces the earlier one). */
    @Transactional
    public void record(String personKey, Purpose purpose, ConsentAnswer answer, LocalDate answeredOn,
            ConsentMethod method, String user) {
        if (!roster.listed(personKey)) {
            throw new EvacuationInputException("宛名番号 " + personKey + " の人は名簿に載っていません");
        }
        if (answeredOn == null || answeredOn.isAfter(time.today())) {
            throw new EvacuationInputException("回答日 (answeredOn) は今日までの日付で入力してください");
        }
        jdbc.sql("""
                INSERT INTO evac_consent (person_key, purpose, answer, answered_on, method, recorded_by, recorded_at)
                VALUES (:k, :p, :a, :on, :m, :by, now())
                ON CONFLICT (person_key, purpose) DO UPDATE SET answer = EXCLUDED.answer,
                       answered_on = EXCLUDED.answered_on, method = EXCLUDED.method,
                       recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at""")
                .param("k", personKey).param("p", purpose.name()).param("a", answer.name()).param("on", answeredOn)
                .param("m", method.name()).param("by", user).update();
    }

    /**
     * The listed persons who have not been asked yet and answered nothing (送付対象), in kana order; 支援措置
     * persons are left out (their consent is asked in person, never by a mailing that lists addresses).
     */
    public List<Roster.Entry> notYetAsked() {
        List<String> keys = jdbc.sql("""
                SELECT p.person_key FROM evac_person p
                 WHERE NOT EXISTS (SELECT 1 FROM evac_consent c WHERE c.person_key = p.person_key)
                   AND NOT EXISTS (SELECT 1 FROM evac_consent_asked a WHERE a.person_key = p.person_key)
                 ORDER BY p.person_key""").query(String.class).list();
        List<Roster.Entry> entries = new ArrayList<>();
        for (Roster.Entry e : roster.entries(keys)) {
            if (!e.protectedPerson()) {
                entries.add(e);
            }
        }
        return entries;
    }

    /** How many the mailing list holds ({@link #notYetAsked}), counted without reading them. */
    public long notYetAskedCount() {
        return jdbc.sql("""
                SELECT count(*) FROM evac_person p
                 WHERE NOT EXISTS (SELECT 1 FROM evac_consent c WHERE c.person_key = p.person_key)
                   AND NOT EXISTS (SELECT 1 FROM evac_consent_asked a WHERE a.person_key = p.person_key)""")
                .query(Long.class).single();
    }

    /** Marks these persons as asked today (the letters were sent). */
    @Transactional
    public int markAsked(List<String> personKeys, String user) {
        return jdbc.sql("""
                INSERT INTO evac_consent_asked (person_key, asked_on, asked_by)
                SELECT k, :on, :by FROM unnest(:keys::text[]) AS k ON CONFLICT (person_key) DO NOTHING""")
                .param("keys", personKeys.toArray(String[]::new)).param("on", time.today()).param("by", user)
                .update();
    }
}
