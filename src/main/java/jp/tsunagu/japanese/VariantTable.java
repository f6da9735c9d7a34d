package jp.tsunagu.japanese;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The 異体字 table behind {@link KanjiText}: variant code point → standard code point, read from
 * a TSV whose lines are {@code variant<TAB>standard}, with {@code #} comment lines. Loading
 * refuses a table that maps a character to itself, lists a variant twice, or whose standard is
 * itself a variant (folding must be one idempotent step).
 */
final class VariantTable {

	static final String RESOURCE = "/japanese/itaiji.tsv";

	private final Map<Integer, Integer> standards;

	private VariantTable(Map<Integer, Integer> standards) {
		this.standards = Collections.unmodifiableMap(standards);
	}

	static VariantTable loadDefault() {
		InputStream in = VariantTable.class.getResourceAsStream(RESOURCE);
		if (in == null) {
			throw new IllegalStateException("異体字表がありません: " + RESOURCE);
		}
		return load(in, RESOURCE);
	}

	static VariantTable load(InputStream in, String name) {
		Map<Integer, Integer> standards = new HashMap<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t", -1);
				if (columns.length != 2 || !isOneCodePoint(columns[0]) || !isOneCodePoint(columns[1])) {
					throw invalid(name, number, "「異体字<TAB>標準字」の形ではありません");
				}
				int variant = columns[0].codePointAt(0);
				int standard = columns[1].codePointAt(0);
				if (variant == standard) {
					throw invalid(name, number, "同じ字どうしの対です");
				}
				if (standards.putIfAbsent(variant, standard) != null) {
					throw invalid(name, number, "異体字が二度出ています");
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		for (Map.Entry<Integer, Integer> pair : standards.entrySet()) {
			if (standards.containsKey(pair.getValue())) {
				throw new IllegalStateException(name + ": 標準字 " + Character.toString(pair.getValue())
						+ " が別の行で異体字になっています（" + Character.toString(pair.getKey()) + "）");
			}
		}
		return new VariantTable(standards);
	}

	int standardOf(int codePoint) {
		return standards.getOrDefault(codePoint, codePoint);
	}

	int size() {
		return standards.size();
	}

	Map<Integer, Integer> pairs() {
		return standards;
	}

	private static boolean isOneCodePoint(String s) {
		return !s.isEmpty() && s.codePointCount(0, s.length()) == 1;
	}

	private static IllegalStateException invalid(String name, int line, String problem) {
		return new IllegalStateException(name + " " + line + "行目: " + problem);
	}

}
