package jp.tsunagu.platform;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background priority (背景処理の優先度): imports, the person index and the modules' listeners that follow an
 * import, statistics and recounts run at a lower CPU priority than staff's requests, so that a clerk's search
 * keeps its speed while the night's files — or a day's files arriving back to back — are taken in. On Linux
 * the thread's nice value is raised ({@code setpriority}) when it first does background work; its connections
 * to the embedded server are served by server processes whose nice value is raised the same way (a pool of
 * their own, {@link BackgroundRoutingDataSource}). Raising a nice value needs no privilege; lowering it again
 * would, so a thread once lowered stays background: only threads that do nothing else are lowered.
 *
 * <p>{@code tsunagu.background.nice} (default 10, 0 turns it off). With nice 10 a background thread gets about a
 * tenth of a core that a request also wants, and every core nobody else wants. Elsewhere than Linux, and where
 * the C library cannot be reached, nothing is lowered (logged once).
 */
public final class BackgroundPriority {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final ThreadLocal<Boolean> BACKGROUND = ThreadLocal.withInitial(() -> false);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private static volatile int nice = 10;

    private BackgroundPriority() {
    }

    /** The C library's priority calls (Linux). */
    interface CLibrary extends Library {
        int setpriority(int which, int who, int prio) throws LastErrorException;

        int getpriority(int which, int who) throws LastErrorException;
    }

    private static final class Native0 {
        static final CLibrary C = load();

        private static CLibrary load() {
            if (!Platform.isLinux()) {
                return null;
            }
            try {
                return Native.load("c", CLibrary.class);
            } catch (LinkageError | RuntimeException e) {
                warnOnce("C ライブラリを読み込めません: " + e.getMessage());
                return null;
            }
        }
    }

    /** The nice value background work gets (0: off). Set from {@code tsunagu.background.nice} at start. */
    static void configure(int value) {
        if (value < 0 || value > 19) {
            throw new IllegalArgumentException("tsunagu.background.nice は 0 から 19 までです: " + value);
        }
        nice = value;
    }

    /** The nice value background work gets (0: off). */
    public static int nice() {
        return nice;
    }

    /**
     * Makes the calling thread a background thread, for good: its nice value is raised, and its connections
     * to the embedded server come from the background pool. A thread already lowered is left as it is.
     */
    public static void lowerCurrentThread() {
        if (BACKGROUND.get()) {
            return;
        }
        BACKGROUND.set(true);
        int value = nice;
        if (value == 0) {
            return;
        }
        OptionalInt tid = currentThreadId();
        if (tid.isPresent()) {
            lower(tid.getAsInt(), value);
        }
    }

    /** Whether the calling thread was made a background thread. */
    public static boolean isBackground() {
        return BACKGROUND.get();
    }

    /**
     * A factory of background threads: each lowers itself before its first task, so that an executor of
     * background work never runs a task at staff's priority.
     */
    public static ThreadFactory threads(String name, boolean daemon) {
        return r -> {
            Thread t = new Thread(() -> {
                lowerCurrentThread();
                r.run();
            }, name);
            t.setDaemon(daemon);
            return t;
        };
    }

    /**
     * Runs one piece of background work (a command line's import) on a background thread of its own and
     * waits for it, so that the calling thread keeps its priority.
     */
    public static <T> T callInBackground(String name, java.util.concurrent.Callable<T> work) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Thread thread = threads(name, false).newThread(task);
        thread.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("中断されました: " + name, e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A task that lowers the thread it runs on first (for executors whose threads only run such tasks). */
    public static Runnable lowered(Runnable task) {
        return () -> {
            lowerCurrentThread();
            task.run();
        };
    }

    /**
     * Raises a process's nice value to {@code value} (a server process of the embedded database that serves
     * background connections). Answers whether it was done.
     */
    static boolean lower(long pid, int value) {
        CLibrary c = Native0.C;
        if (c == null || value == 0) {
            return false;
        }
        try {
            int current = c.getpriority(PRIO_PROCESS, (int) pid);
            if (current < value) {
                c.setpriority(PRIO_PROCESS, (int) pid, value);
            }
            return true;
        } catch (LastErrorException e) {
            warnOnce("優先度を下げられません (pid " + pid + "): errno " + e.getErrorCode());
            return false;
        }
    }

    /** A thread's or process's nice value as the kernel has it (Linux), for checks and the operator's view. */
    static OptionalInt niceOf(long pid) {
        CLibrary c = Native0.C;
        if (c == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(c.getpriority(PRIO_PROCESS, (int) pid));
        } catch (LastErrorException e) {
            return OptionalInt.empty();
        }
    }

    /** The kernel's id of the calling thread (Linux: {@code /proc/thread-self} → {@code <pid>/task/<tid>}). */
    static OptionalInt currentThreadId() {
        if (!Platform.isLinux()) {
            return OptionalInt.empty();
        }
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return OptionalInt.of(Integer.parseInt(self.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            warnOnce("スレッドの番号を読めません: " + e.getMessage());
            return OptionalInt.empty();
        }
    }

    private static void warnOnce(String message) {
        if (WARNED.compareAndSet(false, true)) {
            log.warn("背景処理の優先度を下げられません。取込などは職員の操作と同じ優先度で動きます: {}", message);
        }
    }
}
