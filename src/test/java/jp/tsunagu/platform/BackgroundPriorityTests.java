package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Background work yields the cores to staff's requests (issue 19, 9): a background thread runs at the configured
 * nice value (10 by default), its connections to the embedded server are served by server processes at that
 * value and may use parallel workers; a request's connection is served at the application's own priority
 * without parallel workers. Nice values are read from {@code /proc}, as {@code top} shows them, not from the code
 * that set them. A JVM already run at a higher nice value (a build under {@code nice -n 19}) cannot go lower:
 * the expected value is the higher of the two.
 */
@TsunaguTest
@EnabledOnOs(OS.LINUX)
class BackgroundPriorityTests {

    @Autowired
    DataSource dataSource;
    @Autowired
    @Qualifier("applicationTaskExecutor")
    AsyncTaskExecutor tasks;

    @Test
    void aBackgroundThreadRunsAtTheBackgroundNiceValueAndOtherThreadsKeepTheirs() throws Exception {
        int base = niceOfThisThread();
        int[] seen = new int[2];
        Thread t = BackgroundPriority.threads("background-test", true).newThread(() -> {
            seen[0] = niceOfThisThreadUnchecked();
            seen[1] = BackgroundPriority.isBackground() ? 1 : 0;
        });
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(BackgroundPriority.nice()).isEqualTo(10);
        assertThat(seen[0]).as("the background thread's nice value").isEqualTo(Math.max(base, 10));
        assertThat(seen[1]).isOne();
        assertThat(niceOfThisThread()).as("the calling thread is left as it was").isEqualTo(base);
        assertThat(BackgroundPriority.isBackground()).isFalse();
    }

    @Test
    void theListenersExecutorRunsItsTasksAsBackgroundWork() throws Exception {
        int base = niceOfThisThread();
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        tasks.execute(() -> seen.complete(new int[] {niceOfThisThreadUnchecked(),
                BackgroundPriority.isBackground() ? 1 : 0}));

        int[] result = seen.get(30, TimeUnit.SECONDS);
        assertThat(result[0]).isEqualTo(Math.max(base, 10));
        assertThat(result[1]).isOne();
    }

    @Test
    void aBackgroundConnectionIsServedAtTheBackgroundPriorityWithParallelWorkersAndARequestsWithout()
            throws Exception {
        int base = niceOfThisThread();
        Server request = server(dataSource);
        Server background = BackgroundPriority.callInBackground("background-connection", () -> server(dataSource));

        assertThat(request.nice()).as("a request's server process").isEqualTo(base);
        assertThat(request.parallelWorkers()).isEqualTo("0");
        assertThat(background.nice()).as("a background connection's server process").isEqualTo(Math.max(base, 10));
        assertThat(background.parallelWorkers()).isEqualTo("2");
        assertThat(background.pid()).isNotEqualTo(request.pid());
        // the request's server process was not lowered meanwhile
        assertThat(niceOf(request.pid())).isEqualTo(base);
    }

    private record Server(int pid, int nice, String parallelWorkers) {
    }

    private static Server server(DataSource dataSource) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW max_parallel_workers_per_gather")) {
            rs.next();
            int pid = c.unwrap(PGConnection.class).getBackendPID();
            return new Server(pid, niceOf(pid), rs.getString(1));
        }
    }

    private static int niceOfThisThreadUnchecked() {
        try {
            return niceOfThisThread();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int niceOfThisThread() throws IOException {
        return nice(Files.readString(Path.of("/proc/thread-self/stat")));
    }

    private static int niceOf(int pid) throws IOException {
        return nice(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** Field 19 of {@code stat}: after the command in parentheses, the 17th. */
    private static int nice(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(fields[16]);
    }
}
