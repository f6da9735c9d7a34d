package jp.tsunagu.platform;

import java.util.List;

/**
 * A command of the command-line interface ({@code java -jar tsunagu.jar NAME ARGS…}), run in a
 * Spring context without a web server. Implementations are beans of the module that owns the work.
 */
public interface Command {

    /** The first word on the command line, e.g. {@code import}. */
    String name();

    /** One line for the usage text. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name, Spring's {@code --key=value} options removed
     * @return the process exit code
     */
    int run(List<String> args) throws Exception;
}
