package jp.tsunagu.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.tsunagu.platform.Command;
import org.springframework.stereotype.Component;

/** {@code bench NAME [options]}: runs one of the benchmarks. */
@Component
class BenchCommand implements Command {

    private final Map<String, Benchmark> benchmarks;

    BenchCommand(List<Benchmark> benchmarks) {
        this.benchmarks = benchmarks.stream().collect(Collectors.toMap(Benchmark::name, b -> b));
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return "bench " + String.join("|", new java.util.TreeSet<>(benchmarks.keySet()))
                + " [--residents N | --rows N] [オプション: docs/benchmarks.md]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (args.isEmpty() || !benchmarks.containsKey(args.get(0))) {
            System.err.println("使い方: java -jar tsunagu.jar " + usage());
            return 1;
        }
        try {
            return benchmarks.get(args.get(0)).run(BenchOptions.parse(args.subList(1, args.size())));
        } catch (BenchCheckFailed e) {
            // the figures printed so far measured something other than what they claim
            System.out.println("CHECK FAILED: " + e.getMessage());
            System.err.println("性能測定の検査に失敗しました: " + e.getMessage());
            return BenchCheckFailed.EXIT_CODE;
        }
    }
}
