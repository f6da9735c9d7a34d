package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The NFKC that {@link KanaText} and {@link KanjiText} rely on ({@link java.text.Normalizer})
 * against the Japanese-range lines of Unicode's NormalizationTest-8.0.0 (see the NOTICE beside
 * the file). Columns are {@code source; NFC; NFD; NFKC; NFKD}; the header requires
 * {@code c4 == toNFKC(c1) == toNFKC(c2) == toNFKC(c3) == toNFKC(c4) == toNFKC(c5)}.
 */
class NormalizationConformanceTests {

	private static final String RESOURCE = "/japanese/unicode/NormalizationTest-8.0.0-japanese-subset.txt";

	@Test
	void nfkcOfEveryColumnIsTheNfkcColumn() throws IOException {
		List<String[]> lines = testLines();
		List<String> failures = new ArrayList<>();
		for (String[] columns : lines) {
			for (int i = 0; i < 5; i++) {
				String nfkc = Normalizer.normalize(columns[i], Normalizer.Form.NFKC);
				if (!nfkc.equals(columns[3])) {
					failures.add("c" + (i + 1) + " of " + hex(columns[0]) + ": " + hex(nfkc) + " != " + hex(columns[3]));
				}
			}
		}
		assertThat(lines).hasSize(1474);
		assertThat(failures).isEmpty();
	}

	@Test
	void nfcOfTheSourceColumnsIsTheNfcColumn() throws IOException {
		List<String> failures = new ArrayList<>();
		for (String[] columns : testLines()) {
			for (int i = 0; i < 3; i++) {
				if (!Normalizer.normalize(columns[i], Normalizer.Form.NFC).equals(columns[1])) {
					failures.add("c" + (i + 1) + " of " + hex(columns[0]));
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	private static List<String[]> testLines() throws IOException {
		try (InputStream in = NormalizationConformanceTests.class.getResourceAsStream(RESOURCE)) {
			assertThat(in).as(RESOURCE).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("@"))
				.map(line -> Arrays.stream(line.split(";", 6)).limit(5).map(NormalizationConformanceTests::decode)
					.toArray(String[]::new))
				.collect(Collectors.toList());
		}
	}

	private static String decode(String codePoints) {
		StringBuilder text = new StringBuilder();
		for (String hex : codePoints.trim().split(" ")) {
			text.appendCodePoint(Integer.parseInt(hex, 16));
		}
		return text.toString();
	}

	private static String hex(String text) {
		return text.codePoints().mapToObj(c -> String.format("%04X", c)).collect(Collectors.joining(" "));
	}

}
