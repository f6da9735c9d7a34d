package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.japanese.KanaText;
import jp.tsunagu.japanese.KanjiText;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Persons written straight into the person index with the search keys and grams the resident index gives
 * them (for the search tests that need a few chosen persons rather than a city), and the person keys a
 * search statement finds.
 */
final class IndexedPersons {

    private IndexedPersons() {
    }

    static void add(JdbcClient jdbc, String key, String name, String kana, LocalDate born, String address) {
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, birth_date, address,
                                    name_key, kana_key, kana_loose, address_key, address_search, grams, updated_run)
                VALUES (:k, 'test', true, '住民', :n, :kana, :b, :a, :nk, :kk, :kl, :ak, :as, :g, 0)""")
                .param("k", key).param("n", name).param("kana", kana).param("b", born)
                .param("a", address).param("nk", KanjiText.fold(name)).param("kk", KanaText.normalize(kana))
                .param("kl", KanaText.looseKey(kana)).param("ak", KanjiText.fold(address))
                .param("as", SearchGrams.addressKey(address)).param("g", GramCode.of(SearchGrams.of(name, kana, address, born)))
                .update();
    }

    /** The person keys the statement finds, in its order. */
    static List<String> keys(NamedParameterJdbcTemplate named, PersonSearch.Statement statement) {
        return named.query(statement.sql(), statement.params(), (rs, i) -> rs.getString(1));
    }
}
