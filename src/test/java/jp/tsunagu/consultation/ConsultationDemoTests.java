package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Viewer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo city ships its consultation records (デモの相談記録): generated with the sample at its start (Friday 17:15,
 * a fixed clock), one per 25 residents and at least 300, covering every category, channel and caller and every
 * state staff meet — closed, open with a clock running and one overdue, confirmed, referred and waiting, accepted,
 * returned, a follow-up due, a person not yet identified and one linked later — so that the board and the search
 * are not empty; and the on-call account sees them on its board and finds them by their words.
 */
@TsunaguTest
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-consultation-demo",
    "tsunagu.database.throwaway=true",
    "tsunagu.importing.sources-dir=target/consultation-demo-sources",
    "tsunagu.importing.inbox-dir=target/consultation-demo-inbox",
    "tsunagu.importing.inbox-poll-interval=0",
    "tsunagu.demo.enabled=true",
    "tsunagu.demo.size=10000",
    "tsunagu.demo.data-dir=target/consultation-demo-city"})
@Import(FixedClock.Config.class)
class ConsultationDemoTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConsultationProperties properties;
    @Autowired
    HandoverBoard board;
    @Autowired
    ConsultationSearch search;

    @Test
    void theDemoCityHasRecordsOfEveryCategoryChannelCallerAndState() {
        long records = count("SELECT count(*) FROM consultation");
        assertThat(records).as("one record per 25 of the 10,000 residents").isEqualTo(400);
        assertThat(codes("SELECT DISTINCT category FROM consultation"))
                .containsExactlyInAnyOrderElementsOf(properties.categories().stream().map(Category::code).toList());
        assertThat(codes("SELECT DISTINCT channel FROM consultation"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Channel.values()).map(Enum::name).toList());
        assertThat(codes("SELECT DISTINCT caller FROM consultation"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Caller.values()).map(Enum::name).toList());

        Map<String, Long> kinds = jdbc.sql("SELECT kind, count(*) FROM consultation_entry GROUP BY kind")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(kinds).containsKeys("OPENED", "SUBJECT", "LINK", "NOTE", "REFERRAL", "ACCEPTED", "RETURNED",
                "CONFIRMATION", "FOLLOW_UP", "CLOSED");
        assertThat(kinds.get("OPENED")).isEqualTo(records);

        long open = count("SELECT count(*) FROM consultation_open");
        assertThat(open).as("open records").isPositive();
        assertThat(kinds.get("CLOSED")).as("closed records").isEqualTo(records - open);
        assertThat(count("SELECT count(*) FROM consultation_pending_referral")).as("referrals waiting for 受理")
                .isPositive();
        assertThat(count("SELECT count(*) FROM consultation_open_follow_up")).as("follow-ups due").isPositive();
        String unconfirmed = """
                SELECT count(*) FROM consultation_open o JOIN consultation c ON c.id = o.consultation_id
                 WHERE c.clock_due IS NOT NULL %s
                   AND NOT EXISTS (SELECT 1 FROM consultation_entry x
                                    WHERE x.consultation_id = c.id AND x.kind = 'CONFIRMATION')""";
        assertThat(count(unconfirmed.formatted("AND c.clock_due > :now"))).as("clocks running").isPositive();
        assertThat(count(unconfirmed.formatted("AND c.clock_due <= :now"))).as("clocks overdue").isPositive();
        assertThat(count("""
                SELECT count(*) FROM consultation_entry s WHERE s.kind = 'SUBJECT' AND s.person_key IS NULL
                   AND NOT EXISTS (SELECT 1 FROM consultation_entry l WHERE l.refers_to = s.id AND l.kind = 'LINK')"""))
                .as("persons not yet identified").isPositive();

        Viewer oncall = new Viewer(ConsultationDemo.ON_CALL, jp.tsunagu.access.Role.CASEWORKER, ConsultationDemo.ON_CALL);
        assertThat(board.board(oncall, "test").records()).as("records on the on-call board").isPositive();
        assertThat(search.search(oncall, new ConsultationSearch.Query("学校", null, null, null, null, null, false, 10),
                "test")).as("a word of the accounts").isNotEmpty();

        // the demo writes a record's words once, after its entries: the search row holds every entry's words and
        // no other, as when staff append entries one by one
        assertThat(count("""
                SELECT count(*) FROM consultation_search s
                 WHERE EXISTS (SELECT 1 FROM consultation_entry e WHERE e.consultation_id = s.consultation_id
                                  AND NOT tsvector_to_array(s.words) @> tsvector_to_array(e.search))
                    OR cardinality(tsvector_to_array(s.words)) <> (
                           SELECT count(DISTINCT w) FROM consultation_entry e, unnest(tsvector_to_array(e.search)) w
                            WHERE e.consultation_id = s.consultation_id)""")).as("records whose words are not their entries'")
                .isZero();
        assertThat(count("SELECT count(*) FROM consultation_search WHERE words = ''::tsvector")).as("records without words")
                .isZero();
        assertThat(search.search(oncall, new ConsultationSearch.Query("終結", null, null, null, null, null, false, 10),
                "test")).as("a word of a closing entry, written after the account").isNotEmpty();
    }

    private long count(String sql) {
        var statement = jdbc.sql(sql);
        if (sql.contains(":now")) {
            statement = statement.param("now", java.sql.Timestamp.from(FixedClock.FRIDAY_1715));
        }
        return statement.query(Long.class).single();
    }

    private List<String> codes(String sql) {
        return jdbc.sql(sql).query(String.class).list();
    }
}
