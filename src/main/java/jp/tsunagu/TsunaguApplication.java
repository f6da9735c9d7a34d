package jp.tsunagu;

import jp.tsunagu.platform.CommandLine;
import jp.tsunagu.platform.EmbeddedDatabase;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tsunagu (つなぐ) — the welfare information linkage hub.
 *
 * <p>Without arguments (or with {@code --demo}) it runs the web application. With a command as
 * first argument ({@code import}, {@code bench}, {@code sample}, …) it runs that command without a
 * web server and exits with the command's exit code.
 */
@SpringBootApplication
@EnableScheduling
public class TsunaguApplication {

    public static void main(String[] args) {
        // the embedded PostgreSQL stops last, after the context (ApplicationStop has the whole order)
        EmbeddedDatabase.stopWhenTheApplicationEnds();
        if (CommandLine.isCommand(args)) {
            System.exit(CommandLine.run(TsunaguApplication.class, args));
        }
        try {
            SpringApplication.run(TsunaguApplication.class, args);
        } catch (SpringApplication.AbandonedRunException e) {
            // a stop came while the start was still at work (ApplicationStop.duringStart): said in the log already,
            // and the stop's own shutdown hook ends the process
        }
    }
}
