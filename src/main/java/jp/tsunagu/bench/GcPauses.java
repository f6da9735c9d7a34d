package jp.tsunagu.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collector's pauses while a benchmark phase runs (for {@code --trace}): each collection the JVM
 * reports, with its start on the {@link System#nanoTime} clock of the phase, so that a slow request can be
 * told apart from a request that waited for the collector.
 */
final class GcPauses implements NotificationListener {

    /** One collection: its start ({@code System.nanoTime}), duration, collector and cause. */
    record Pause(long startNanos, double millis, String name, String cause) {

        /** How much of this pause fell into a request that started {@code startMs} after the phase, for {@code ms}. */
        double overlapMillis(long phase0, double startMs, double ms) {
            double from = (startNanos - phase0) / 1e6;
            double to = from + millis;
            return Math.max(0, Math.min(to, startMs + ms) - Math.max(from, startMs));
        }
    }

    private final List<Pause> pauses = Collections.synchronizedList(new ArrayList<>());
    /** The JVM's start on the nanoTime clock: a collection's start is reported in ms since the JVM started. */
    private final long jvmStartNanos;

    private GcPauses() {
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        jvmStartNanos = System.nanoTime() - uptimeMs * 1_000_000L;
    }

    static GcPauses start() {
        GcPauses listener = new GcPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
        return listener;
    }

    /** Stops listening; the pauses seen, in order. */
    List<Pause> stop() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (ListenerNotFoundException e) {
                    // never added
                }
            }
        }
        synchronized (pauses) {
            List<Pause> sorted = new ArrayList<>(pauses);
            sorted.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
            return sorted;
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        // G1's concurrent cycle is reported by the "G1 Old Generation" bean only for full collections; a young
        // or mixed pause by "G1 Young Generation": both stop the application
        pauses.add(new Pause(jvmStartNanos + info.getGcInfo().getStartTime() * 1_000_000L,
                info.getGcInfo().getDuration(), info.getGcName(), info.getGcCause()));
    }
}
