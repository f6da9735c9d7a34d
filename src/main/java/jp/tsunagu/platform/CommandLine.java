package jp.tsunagu.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a context without web server and hands the arguments to the named {@link Command}. The one
 * exception is {@code bench load}, which measures the web application itself: its context runs the
 * embedded web server (with the security chain) on a free port unless {@code --server.port=} is given.
 */
public final class CommandLine {

    /** Words that name a command rather than options of the web application. */
    static final Set<String> COMMANDS = Set.of("import", "bench", "sample", "audit", "backup", "restore", "documents", "help");

    /** Commands that run on a throw-away embedded PostgreSQL unless given a database URL. */
    static final Set<String> THROWAWAY_DATABASE = Set.of("bench", "sample");

    /** Commands, with their first argument, that need the web server in their context. */
    static final Set<List<String>> WEB_SERVER = Set.of(List.of("bench", "load"), List.of("bench", "consultation"));

    /** Exit code for a failure that is not the input's fault. */
    public static final int EXIT_FAILURE = 1;

    private CommandLine() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(Class<?> application, String[] args) {
        String name = args[0];
        List<String> commandArgs = new ArrayList<>();
        List<String> springArgs = new ArrayList<>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            (arg.startsWith("--") && arg.contains("=") ? springArgs : commandArgs).add(arg);
        }
        // help needs no database: answered before any Spring context (and its embedded PostgreSQL) starts
        if ("help".equals(name) || commandArgs.contains("--help") || commandArgs.contains("-h")) {
            System.out.print(help(name));
            return 0;
        }
        if (commandArgs.isEmpty()) {
            System.err.print(help(name));
            return 2;
        }
        java.nio.file.Path tmp = null;
        if (THROWAWAY_DATABASE.contains(name) && springArgs.stream().noneMatch(a -> a.startsWith("--spring.datasource.url="))) {
            // benchmarks start their own PostgreSQL in a temporary folder, deleted at the end
            try {
                tmp = java.nio.file.Files.createTempDirectory("tsunagu-" + name + "-");
                springArgs.add("--tsunagu.database.data-dir=" + tmp.resolve("pg"));
                springArgs.add("--tsunagu.database.throwaway=true");
                springArgs.add("--tsunagu.importing.sources-dir=" + tmp.resolve("sources"));
                springArgs.add("--tsunagu.importing.inbox-dir=" + tmp.resolve("inbox"));
                springArgs.add("--tsunagu.importing.inbox-poll-interval=0");
            } catch (java.io.IOException e) {
                System.err.println("一時フォルダを作れません: " + e.getMessage());
                return EXIT_FAILURE;
            }
        }
        boolean web = !commandArgs.isEmpty() && WEB_SERVER.contains(List.of(name, commandArgs.get(0)));
        if (web && springArgs.stream().noneMatch(a -> a.startsWith("--server.port="))) {
            springArgs.add("--server.port=0");
        }
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(web ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        app.setAdditionalProfiles("cli");
        if ("restore".equals(name) && PointInTimeRecovery.Request.asked(commandArgs)) {
            // the new data folder is filled from the base backup before the context's embedded server starts on it
            app.addListeners(new org.springframework.context.ApplicationListener<
                    org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent>() {
                @Override
                public void onApplicationEvent(org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent event) {
                    PointInTimeRecovery.prepare(event.getEnvironment(), commandArgs);
                }
            });
            // the recovered trail is checkpointed by the hub's next start, with the key ring the command puts back
            // last: a checkpoint at this context's start would check it against a ring made for the empty folder
            if (springArgs.stream().noneMatch(a -> a.startsWith("--tsunagu.audit.checkpoint-interval="))) {
                springArgs.add("--tsunagu.audit.checkpoint-interval=0");
            }
        }
        try (ConfigurableApplicationContext context = app.run(springArgs.toArray(String[]::new))) {
            var commands = context.getBeansOfType(Command.class).values();
            for (Command command : commands) {
                if (command.name().equals(name)) {
                    return command.run(commandArgs);
                }
            }
            System.err.println("使い方 / usage: java -jar tsunagu.jar COMMAND ...");
            commands.forEach(c -> System.err.println("  " + c.usage()));
            return "help".equals(name) ? 0 : 2;
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof PointInTimeRecovery.Refused refused) {
                    System.err.println(refused.getMessage());
                    return 2;
                }
                if (cause instanceof PointInTimeRecovery.Failed failed) {
                    System.err.println(failed.getMessage());
                    return EXIT_FAILURE;
                }
            }
            System.err.println("エラー / error: " + e.getMessage());
            return EXIT_FAILURE;
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** The usage text of a command ({@code cli/NAME.txt} on the class path), or the general one. */
    static String help(String name) {
        for (String file : List.of("/cli/" + name + ".txt", "/cli/help.txt")) {
            try (var in = CommandLine.class.getResourceAsStream(file)) {
                if (in != null) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (java.io.IOException e) {
                // fall through to the next text
            }
        }
        return "使い方 / usage: java -jar tsunagu.jar COMMAND ...\n";
    }

    /** Deletes the temporary folder of a command (its database has been stopped with the context). */
    private static void deleteQuietly(java.nio.file.Path folder) {
        try (var files = java.nio.file.Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            System.err.println("一時フォルダを消せませんでした / could not delete " + folder + ": " + e.getMessage());
        }
    }
}
