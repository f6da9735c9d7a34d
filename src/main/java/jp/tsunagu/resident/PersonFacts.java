package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Facts about many persons at once (人の属性の一括照会), for modules that build lists of their own over
 * the person index — the evacuation-support list asks who lives only with the elderly, which of its
 * persons are still residents, and their names, birth dates, sex and addresses for its exports. Access
 * rules are the caller's.
 */
@Service
public class PersonFacts {

    private final JdbcClient jdbc;

    PersonFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The registered residents (住民) living in a household whose registered members were all born on or
     * before {@code bornBy} (65歳以上のみの世帯: everyone at least that old), each with the address
     * {@link #residentAddresses} gives, in person key order: the evacuation list takes most of its addresses
     * from the scan that finds these persons (looked up again by key, the 192,000 of a 1,000,000-resident city
     * took 2 s more).
     */
    public java.util.SortedMap<String, String> inHouseholdsAllBornBy(LocalDate bornBy) {
        java.util.SortedMap<String, String> residents = new java.util.TreeMap<>();
        jdbc.sql("""
                SELECT p.person_key, coalesce(p.address, '') FROM person p
                 WHERE p.registered AND p.status = '住民' AND p.household_key IN (
                       SELECT household_key FROM person
                        WHERE registered AND status = '住民' AND household_key IS NOT NULL
                        GROUP BY household_key HAVING bool_and(birth_date <= :by))""")
                .param("by", bornBy).query(rs -> {
                    residents.put(rs.getString(1), rs.getString(2));
                });
        return residents;
    }

    /**
     * The address of each of these persons who is a registered resident now (住民: not moved away, not
     * dead); others are absent. A resident without an address maps to the empty text.
     */
    public java.util.Map<String, String> residentAddresses(String[] personKeys) {
        java.util.Map<String, String> addresses = new java.util.HashMap<>();
        if (personKeys.length == 0) {
            return addresses;
        }
        jdbc.sql("SELECT person_key, coalesce(address, '') FROM person WHERE person_key = ANY(:keys) AND status = '住民'")
                .param("keys", personKeys).query(rs -> {
                    addresses.put(rs.getString(1), rs.getString(2));
                });
        return addresses;
    }

    /** These persons as the index holds them (keys it does not know are absent), in kana order. */
    public List<Person> persons(Collection<String> personKeys) {
        if (personKeys.isEmpty()) {
            return new ArrayList<>();
        }
        return jdbc.sql("""
                SELECT person_key, master_source, registered, status, name, kana, birth_date, sex, address,
                       address_detail, household_key, relation, moved_on, move_reason, support_measure,
                       address_protected OR support_measure
                  FROM person WHERE person_key = ANY(:keys) ORDER BY kana_key COLLATE "C", person_key""")
                .param("keys", personKeys.toArray(String[]::new))
                .query((rs, i) -> new Person(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                        rs.getObject(13, LocalDate.class), rs.getString(14), rs.getBoolean(15), rs.getBoolean(16)))
                .list();
    }

    /** Those of these keys whose whereabouts are protected (支援措置, or living with such a person). */
    public java.util.Set<String> protectedAmong(String[] personKeys) {
        if (personKeys.length == 0) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("""
                SELECT person_key FROM person WHERE person_key = ANY(:keys) AND (support_measure OR address_protected)""")
                .param("keys", personKeys).query(String.class).list());
    }
}
