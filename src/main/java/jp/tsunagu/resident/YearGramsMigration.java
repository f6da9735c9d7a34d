package jp.tsunagu.resident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 5.3.1 (検索用文字片の再計算): gives every person already in the index the name grams with
 * their birth year ({@link SearchGrams}), which the index writes from this version on. The grams are
 * computed in Java (the folding of variants lives in {@code japanese}), so this migration is Java;
 * on a new database the person table is empty and it does nothing.
 */
@Component
class YearGramsMigration implements JavaMigration {

    private static final int BATCH = 5_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(YearGramsMigration.class);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5.3.1");
    }

    @Override
    public String getDescription() {
        return "person year grams";
    }

    @Override
    public Integer getChecksum() {
        return 531;
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
                 WHERE person_key > ? AND name IS NOT NULL AND birth_date IS NOT NULL
                 ORDER BY person_key LIMIT""" + " " + BATCH);
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE person SET grams = ? WHERE person_key = ?")) {
            while (true) {
                read.setString(1, after);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getString(1);
                        String[] grams = SearchGrams.of(rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getObject(5, LocalDate.class));
                        write.setArray(1, connection.createArrayOf("text", grams));
                        write.setString(2, after);
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
                    log.info("検索用文字片を再計算しています: {} 人", done);
                }
            }
        }
        try (Statement analyze = connection.createStatement()) {
            analyze.execute("ANALYZE person");
        }
    }
}
