package jp.tsunagu.documents;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixture: persons as the index writes them (a row of {@code person}), so that a test of files and messages
 * has the person it relies on without importing a city. Keys are new on every call.
 */
final class Residents {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Residents() {
    }

    /** A new registered resident; {@code protectedAddress} makes them a 支援措置 person. */
    static String add(JdbcClient jdbc, String name, String address, boolean protectedAddress) {
        String key = String.format("97%04d%04d", ProcessHandle.current().pid() % 10_000, NEXT.incrementAndGet());
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, kana_key, kana_loose,
                                    name_key, birth_date, address, support_measure, address_protected, grams,
                                    updated_run)
                VALUES (:k, 'jumin-kiroku', true, '住民', :name, 'テスト', 'テスト', 'テスト', :name, DATE '1950-04-01',
                        :address, :p, :p, '{}', 0)""")
                .param("k", key).param("name", name).param("address", address).param("p", protectedAddress).update();
        return key;
    }
}
