package jp.tsunagu.audit;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes signed checkpoints of the chain's head (チェックポイントの記録) every
 * {@code tsunagu.audit.checkpoint-interval} (default 5 minutes), the first right at start, into the
 * checkpoint file and as a log line (logger {@code tsunagu.audit.checkpoint}) that can be
 * shipped off the machine. Before signing, the rows since the latest checkpoint are verified: a
 * checkpoint never vouches for a chain that was rewritten meanwhile — the writer reports that instead.
 *
 * <p>Started as a lifecycle bean, so that the first checkpoint is taken after the migrations ran.
 * There is no last checkpoint at shutdown (a stop must end within seconds, {@code ApplicationStop}):
 * rows of a run's last minutes are checkpointed at the next start, after they are verified.
 */
@Component
class AuditCheckpoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    /** A logger of its own, so that operators can route the checkpoint lines elsewhere. */
    private static final Logger CHECKPOINT_LOG = LoggerFactory.getLogger("tsunagu.audit.checkpoint");

    private final AuditProperties properties;
    private final AuditKeys keys;
    private final CheckpointFile file;
    private final AuditVerification verification;
    private ScheduledExecutorService scheduler;

    AuditCheckpoints(AuditProperties properties, AuditKeys keys, CheckpointFile file,
            AuditVerification verification) {
        this.properties = properties;
        this.keys = keys;
        this.file = file;
        this.verification = verification;
    }

    /**
     * Checkpoints the head now, if it moved since the latest checkpoint (a first checkpoint is always
     * written, also of an empty trail: from then on every row must be keyed).
     *
     * @return the checkpoint written, empty if the head had not moved
     * @throws IllegalStateException when the checkpoint file or the rows since its latest checkpoint are
     *     not intact; nothing is signed then
     */
    synchronized Optional<Checkpoint> write() throws IOException {
        CheckpointFile.Contents contents = file.read();
        if (!contents.problems().isEmpty()) {
            CheckpointFile.Problem problem = contents.problems().get(0);
            throw new IllegalStateException("チェックポイントファイル " + file.path() + " の " + problem.line() + " 行目: "
                    + problem.reason());
        }
        AuditVerification.Tail tail = verification.verifyTail(contents);
        AuditVerification.Head head = tail.head().orElseThrow(() -> new IllegalStateException(
                "アクセス記録に改ざんの疑いがあるため、チェックポイントを書きません: " + tail.problem()));
        if (contents.latest().filter(cp -> cp.seq() == head.seq()).isPresent()) {
            return Optional.empty();
        }
        Checkpoint checkpoint = Checkpoint.sign(Instant.now().truncatedTo(ChronoUnit.MILLIS), head.seq(), head.hash(),
                keys.current());
        file.append(checkpoint);
        CHECKPOINT_LOG.info("{}", checkpoint.line());
        return Optional.of(checkpoint);
    }

    private void writeQuietly() {
        try {
            write();
        } catch (IOException | RuntimeException e) {
            log.error("アクセス記録のチェックポイントを書けません: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        if (!properties.checkpointsScheduled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long interval = properties.checkpointInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::writeQuietly, 0, Math.max(interval, 1), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            running.awaitTermination(jp.tsunagu.platform.ApplicationStop.DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /**
     * Started before the web server (whose phases are {@code DEFAULT_PHASE - 1024} and {@code - 2048})
     * and stopped after it; the audit writer and the connection pool are only destroyed after every
     * lifecycle bean has stopped.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
