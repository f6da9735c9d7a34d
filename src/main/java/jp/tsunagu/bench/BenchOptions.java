package jp.tsunagu.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} options of a benchmark. */
record BenchOptions(Map<String, String> values) {

    static BenchOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("オプションは --名前 値 の形で書いてください: " + arg);
            }
            if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                values.put(arg.substring(2), args.get(++i));
            } else {
                values.put(arg.substring(2), "true");
            }
        }
        return new BenchOptions(values);
    }

    long longValue(String key, long defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : Long.parseLong(v.replace("_", "").replace(",", ""));
    }
}
