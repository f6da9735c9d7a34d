package jp.tsunagu.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Appends to the audit trail (アクセス記録を書く). {@link #record(AuditEvent)} returns only once the
 * entry is committed; it throws {@link AuditUnavailableException} when it cannot be, and the caller
 * must then not return the data it was about to show.
 *
 * <p>Entries are chained: each row's hash covers the previous row's hash, as an HMAC under the current
 * key of {@link AuditKeys} (whose id the row keeps), so that the chain cannot be recomputed by someone
 * who can write to the database but has not the key. Concurrent callers are
 * served by one writer thread that appends whatever has queued up in one transaction (group
 * commit), holding the chain's head row locked, so that several application nodes can share one
 * trail.
 */
@Service
public class AuditTrail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final int MAX_BATCH = 256;

    private record Pending(AuditEvent event, CompletableFuture<Long> done) {
    }

    private final DataSource dataSource;
    private final AuditKeys keys;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    AuditTrail(DataSource dataSource, AuditKeys keys) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Records one event durably.
     *
     * @return the entry's sequence number
     * @throws AuditUnavailableException if the entry could not be written within 10 seconds
     */
    public long record(AuditEvent event) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (!running) {
            throw new AuditUnavailableException("アクセス記録を書けません (停止中)", null);
        }
        queue.add(new Pending(event, done));
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("アクセス記録を書けないため、表示を中止しました", e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("アクセス記録の書込みが間に合わないため、表示を中止しました", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("アクセス記録の書込みが中断されました", e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Long> seqs = append(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(seqs.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.error("アクセス記録を書けません: {}", e.getMessage());
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private List<Long> append(List<Pending> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long seq;
                byte[] hash;
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head FOR UPDATE");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                    hash = rs.getBytes(2);
                }
                List<Long> seqs = new ArrayList<>(batch.size());
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                AuditKeys.Key key = keys.current();
                Mac mac = key.mac();
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO audit_event (seq, at, actor, action, person_key, detail, flagged, prev_hash, hash,
                                                 key_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    for (Pending p : batch) {
                        AuditEvent e = p.event();
                        seq++;
                        String detail = e.detailJson();
                        byte[] next = ChainHash.keyed(mac, hash, seq, at, e.actor(), e.action().name(), e.personKey(),
                                detail, e.flagged());
                        insert.setLong(1, seq);
                        insert.setObject(2, at);
                        insert.setString(3, e.actor());
                        insert.setString(4, e.action().name());
                        insert.setString(5, e.personKey());
                        insert.setString(6, detail);
                        insert.setBoolean(7, e.flagged());
                        insert.setBytes(8, hash);
                        insert.setBytes(9, next);
                        insert.setString(10, key.id());
                        insert.addBatch();
                        hash = next;
                        seqs.add(seq);
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement head = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ?")) {
                    head.setLong(1, seq);
                    head.setBytes(2, hash);
                    head.executeUpdate();
                }
                c.commit();
                return seqs;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        writer.join(5_000);
    }
}
