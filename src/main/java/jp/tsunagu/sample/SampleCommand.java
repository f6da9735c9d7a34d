package jp.tsunagu.sample;

import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.platform.Command;
import jp.tsunagu.platform.CommandLine;
import org.springframework.stereotype.Component;

/** {@code sample generate --size N|small|default --day D --out DIR [--seed S]}: writes the sample city's files. */
@Component
class SampleCommand implements Command {

    static final long DEFAULT_SEED = SampleMunicipality.DEMO_SEED;

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public String usage() {
        return "sample generate --size N|small|default --day D --out DIR [--seed S]   サンプル自治体のCSVを生成";
    }

    @Override
    public int run(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("generate")) {
            System.err.println("使い方 / usage: " + usage());
            return 2;
        }
        SampleSize size = SampleSize.DEFAULT;
        int day = 1;
        long seed = DEFAULT_SEED;
        Path out = null;
        try {
            for (int i = 1; i < args.size(); i++) {
                String option = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("値がありません / missing value for " + option);
                }
                String value = args.get(++i);
                switch (option) {
                    case "--size" -> size = SampleSize.parse(value);
                    case "--day" -> day = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("不明なオプション / unknown option: " + option);
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out が必要です / --out is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("エラー / error: " + e.getMessage());
            System.err.println("使い方 / usage: " + usage());
            return 2;
        }
        long started = System.nanoTime();
        GenerationResult result = SampleMunicipality.generate(size, day, seed, out);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("サンプル自治体 / sample city: 第%d日 (%s), seed %d, 住民 %,d 人, %d 連携元, %,d 行, %,d ms%n",
                result.day(), result.date(), result.seed(), result.residents(), result.sources().size(), result.totalRows(), millis);
        for (GenerationResult.SourceFile f : result.sources()) {
            System.out.printf("  %-22s %-16s %,10d 行  %s%n", f.id(), f.name(), f.rows(), f.dialect());
        }
        DayEvents e = result.events();
        if (result.day() > 1) {
            System.out.printf("  その日の異動 / events: 出生 %d, 死亡 %d, 転入 %d, 転出 %d, 転居 %d, 65歳到達 %d, 75歳到達 %d%n",
                    e.births(), e.deaths(), e.movedIn(), e.movedOut(), e.movedWithin(), e.turned65(), e.turned75());
        }
        System.out.println("  出力先 / written to: " + out.toAbsolutePath());
        return result.sources().isEmpty() ? CommandLine.EXIT_FAILURE : 0;
    }
}
