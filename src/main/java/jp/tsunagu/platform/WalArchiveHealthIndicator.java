package jp.tsunagu.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The WAL archive's state (WALアーカイブの状態), from PostgreSQL's archiver statistics: {@code walArchive} in
 * {@code /actuator/health} is DOWN while the archiver's last attempt failed, the gauges
 * {@code tsunagu.database.wal.archive.failing}, {@code .waiting} (segments not yet archived) and {@code .failed}
 * (failures so far) are on {@code /actuator/prometheus}, and the log says so in Japanese once a minute while it
 * lasts. A failing {@code archive_command} loses nothing at once: PostgreSQL keeps retrying and keeps the segments
 * in {@code pg_wal}, which grows until the disk is full — the operator must hear of it long before.
 */
@Component
@ConditionalOnProperty(prefix = "tsunagu.database", name = "wal-archive")
class WalArchiveHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(WalArchiveHealthIndicator.class);

    private final DataSource dataSource;
    private final DatabaseProperties properties;
    private volatile State last;

    WalArchiveHealthIndicator(DataSource dataSource, DatabaseProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.dataSource = dataSource;
        this.properties = properties;
        meters.ifAvailable(registry -> {
            Gauge.builder("tsunagu.database.wal.archive.failing", this, h -> h.last == null ? 0 : h.last.failing() ? 1 : 0)
                    .description("1 while the WAL archive's last attempt failed").register(registry);
            Gauge.builder("tsunagu.database.wal.archive.waiting", this, h -> h.last == null ? 0 : h.last.waiting())
                    .description("WAL segments waiting in pg_wal to be archived").register(registry);
            Gauge.builder("tsunagu.database.wal.archive.failed", this, h -> h.last == null ? 0 : h.last.failed())
                    .description("failed archive_command runs since the statistics were reset").register(registry);
        });
    }

    /** The archiver's statistics and the segments waiting ({@code .ready} in {@code pg_wal/archive_status}). */
    record State(long archived, long failed, String lastArchivedWal, OffsetDateTime lastArchivedTime,
            String lastFailedWal, OffsetDateTime lastFailedTime, long waiting) {

        /** Whether the newest attempt failed (PostgreSQL retries the same segment until it succeeds). */
        boolean failing() {
            return lastFailedTime != null && (lastArchivedTime == null || lastFailedTime.isAfter(lastArchivedTime));
        }
    }

    State read() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT archived_count, failed_count, last_archived_wal, last_archived_time, last_failed_wal,
                               last_failed_time,
                               (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready')
                          FROM pg_stat_archiver""")) {
            rs.next();
            State state = new State(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class),
                    rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getLong(7));
            last = state;
            return state;
        }
    }

    @Override
    public Health health() {
        State state;
        try {
            state = read();
        } catch (SQLException e) {
            return Health.unknown().withDetail("error", e.getMessage()).build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("archive", String.valueOf(properties.walArchive()));
        details.put("lastArchivedWal", String.valueOf(state.lastArchivedWal()));
        details.put("lastArchivedTime", String.valueOf(state.lastArchivedTime()));
        details.put("waitingSegments", state.waiting());
        details.put("failedCount", state.failed());
        if (state.failing()) {
            details.put("lastFailedWal", state.lastFailedWal());
            details.put("lastFailedTime", String.valueOf(state.lastFailedTime()));
            details.put("message", message(state));
            return Health.down().withDetails(details).build();
        }
        return Health.up().withDetails(details).build();
    }

    /** Once a minute: the log says while the archive fails, and when it works again. */
    @Scheduled(fixedDelayString = "${tsunagu.database.archive-check-interval:60s}",
            initialDelayString = "${tsunagu.database.archive-check-interval:60s}")
    void check() {
        boolean wasFailing = last != null && last.failing();
        State state;
        try {
            state = read();
        } catch (SQLException e) {
            log.warn("WALアーカイブの状態を読めません: {}", e.getMessage());
            return;
        }
        if (state.failing()) {
            log.error(message(state));
        } else if (wasFailing) {
            log.info("WALアーカイブへの保存が再開しました: 最後に保存したセグメント {} ({})", state.lastArchivedWal(),
                    state.lastArchivedTime());
        }
    }

    private String message(State state) {
        return "WALアーカイブ " + properties.walArchive() + " への保存に失敗しています: セグメント " + state.lastFailedWal()
                + " (最後の失敗 " + state.lastFailedTime() + "、失敗 " + state.failed() + " 回)。PostgreSQLは再試行を続け、保存"
                + "できるまでWALを pg_wal に残します (未保存 " + state.waiting() + " セグメント)。その間の変更は時点復旧できず、"
                + "pg_wal はディスクがいっぱいになるまで大きくなります。アーカイブ先の空き容量・権限・マウントを確かめてください"
                + " (理由はデータベースのログの archive command failed の行)";
    }
}
