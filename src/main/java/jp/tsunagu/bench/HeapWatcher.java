package jp.tsunagu.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peak of the Java heap that is really in use: the heap occupied right after each garbage
 * collection (live data and old garbage not yet collected), maximised over the measurement. Heap
 * "used" between collections counts garbage the collector has not looked at yet and says more about
 * the collector's sizing than about the program.
 */
final class HeapWatcher implements AutoCloseable {

    private final AtomicLong peak = new AtomicLong();
    private final List<Runnable> removals = new ArrayList<>();
    private final List<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(p -> p.getName()).toList();

    HeapWatcher() {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = (notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        long used = 0;
                        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                            if (heapPools.contains(e.getKey())) {
                                used += e.getValue().getUsed();
                            }
                        }
                        peak.accumulateAndGet(used, Math::max);
                    }
                };
                emitter.addNotificationListener(listener, null, null);
                removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (Exception ignored) {
                        // the listener is gone with the watcher either way
                    }
                });
            }
        }
    }

    void reset() {
        System.gc();
        peak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    long peakMiB() {
        System.gc();
        return peak.get() / (1024 * 1024);
    }

    @Override
    public void close() {
        removals.forEach(Runnable::run);
    }
}
