package jp.tsunagu.bench;

/** One benchmark of the {@code bench} command. */
interface Benchmark {

    String name();

    int run(BenchOptions options) throws Exception;
}
