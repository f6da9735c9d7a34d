package jp.tsunagu;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The test JVM's end (テストJVMの終了): once every test has reported, Surefire calls {@code System.exit}, and the
 * JVM runs the shutdown hooks — Spring closes each cached test context one after another while the embedded
 * PostgreSQL servers' own hooks stop them, so the contexts' event registries wait for connections that never
 * come (a full run once hung for minutes). The results are in Surefire's hands by then; this hook ends the JVM
 * {@value #GRACE_SECONDS} seconds after the exit began, whatever is still closing: before Surefire's own limit
 * of 5 s, after which it killed the JVM and wrote a thread dump. (Stopping the servers after the contexts
 * instead, from Spring's shutdown handlers, was tried: with thirty cached contexts the closing took longer
 * than 5 s, and the killed JVM left its servers running.) The application's own stop order (web server, work,
 * pools, the embedded server last) is not this class's subject: a stop of the real application is tested by
 * the stop tests in a child JVM.
 */
public class ExitWatchdog implements EnvironmentPostProcessor {

    static final int GRACE_SECONDS = 4;
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Surefire sets the property for its own JVM (pom.xml); a child JVM a test starts (a command, a crash
        // victim) has the same class path but must end with its own exit code, so it gets no watchdog
        if (!Boolean.getBoolean("tsunagu.test.exit-watchdog") || !REGISTERED.compareAndSet(false, true)) {
            return;
        }
        // the hook only starts the watchdog: a hook that slept itself would hold every exit for its whole grace
        // (the JVM ends when its last hook ends), and Surefire kills a JVM 5 s into its exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(GRACE_SECONDS * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.err.println("テストJVMの終了処理が " + GRACE_SECONDS + " 秒で終わらないため、ここで終了します");
                Runtime.getRuntime().halt(0);
            }, "test-exit-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }, "test-exit-watchdog-start"));
    }
}
