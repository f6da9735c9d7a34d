package jp.tsunagu.resident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 5.5.1 (住所の丁目・番・号の正規化): gives every person already in the index the address
 * block key ({@code address_search}) and the address grams made from it ({@link SearchGrams}), which
 * the index writes from this version on, so that a city indexed before finds 狭山台三丁目17番27号 by
 * 3丁目, 3-17-27 or 17-27 without re-importing. Java, as the fold lives in {@code japanese}; on a new
 * database the person table is empty and it does nothing.
 */
@Component
class AddressKeyMigration implements JavaMigration {

    private static final int BATCH = 5_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AddressKeyMigration.class);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5.5.1");
    }

    @Override
    public String getDescription() {
        return "person address block keys";
    }

    @Override
    public Integer getChecksum() {
        return 551;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String after = "";
        long done = 0;
        try (PreparedStatement read = connection.prepareStatement("""
                SELECT person_key, name, kana, address, birth_date FROM person
                 WHERE person_key > ? AND address IS NOT NULL
                 ORDER BY person_key LIMIT""" + " " + BATCH);
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE person SET address_search = ?, grams = ? WHERE person_key = ?")) {
            while (true) {
                read.setString(1, after);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getString(1);
                        write.setString(1, SearchGrams.addressKey(rs.getString(4)));
                        write.setArray(2, connection.createArrayOf("text", SearchGrams.of(rs.getString(2),
                                rs.getString(3), rs.getString(4), rs.getObject(5, LocalDate.class))));
                        write.setString(3, after);
                        write.addBatch();
                        rows++;
                    }
                }
                if (rows == 0) {
                    break;
                }
                write.executeBatch();
                done += rows;
                if (done % 100_000 < BATCH) {
                    log.info("住所の検索キーを作り直しています: {} 人", done);
                }
            }
        }
    }
}
