package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The 異体字 table file {@code japanese/itaiji.tsv} itself. */
class VariantTableTests {

	private final VariantTable table = VariantTable.loadDefault();

	@Test
	void fileParsesWithAHeaderCommentAndAtLeastTwoHundredPairs() throws IOException {
		try (InputStream in = getClass().getResourceAsStream(VariantTable.RESOURCE)) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(text).startsWith("#");
		}
		assertThat(table.size()).isGreaterThanOrEqualTo(200).isEqualTo(KanjiText.variantPairs());
	}

	@Test
	void noPairMapsACharacterToItself() {
		assertThat(table.pairs()).allSatisfy((variant, standard) -> assertThat(variant).isNotEqualTo(standard));
	}

	@Test
	void noStandardIsItselfAVariant() {
		assertThat(table.pairs().values()).doesNotContainAnyElementsOf(table.pairs().keySet());
	}

	@Test
	void everyVariantFoldsToItsStandardAndFoldingAgainChangesNothing() {
		List<String> wrong = new ArrayList<>();
		for (Map.Entry<Integer, Integer> pair : table.pairs().entrySet()) {
			String variant = Character.toString(pair.getKey());
			String standard = Character.toString(pair.getValue());
			String once = KanjiText.fold(variant);
			if (!once.equals(standard) || !KanjiText.fold(once).equals(once)) {
				wrong.add(variant + "→" + once);
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void standardsAreStableUnderNfkcSoTheTableNeverFightsNormalisation() {
		assertThat(table.pairs().values()).allSatisfy(standard -> {
			String s = Character.toString(standard);
			assertThat(Normalizer.normalize(s, Normalizer.Form.NFKC)).isEqualTo(s);
		});
	}

	@Test
	void coversTheSurnameVariantsClerksMeet() {
		String[][] expected = { { "髙", "高" }, { "﨑", "崎" }, { "嵜", "崎" }, { "邊", "辺" }, { "邉", "辺" }, { "齋", "斉" },
				{ "齊", "斉" }, { "斎", "斉" }, { "澤", "沢" }, { "濱", "浜" }, { "廣", "広" }, { "德", "徳" }, { "櫻", "桜" },
				{ "國", "国" }, { "嶋", "島" }, { "嶌", "島" }, { "𠮷", "吉" }, { "邨", "村" }, { "冨", "富" }, { "\uFA10", "塚" },
				{ "槇", "槙" }, { "曾", "曽" }, { "舘", "館" }, { "眞", "真" }, { "實", "実" }, { "惠", "恵" }, { "壽", "寿" },
				{ "龍", "竜" }, { "瀨", "瀬" }, { "條", "条" }, { "淺", "浅" }, { "關", "関" }, { "黑", "黒" }, { "來", "来" },
				{ "萬", "万" }, { "與", "与" }, { "彌", "弥" }, { "榮", "栄" }, { "團", "団" }, { "圓", "円" }, { "澁", "渋" },
				{ "增", "増" }, { "穗", "穂" }, { "驛", "駅" } };
		for (String[] pair : expected) {
			assertThat(table.standardOf(pair[0].codePointAt(0))).as(pair[0]).isEqualTo(pair[1].codePointAt(0));
		}
	}

	@Test
	void loaderRefusesAPairOfTheSameCharacter() {
		assertThatIllegalStateException().isThrownBy(() -> load("# t\n高\t高\n")).withMessageContaining("2行目");
	}

	@Test
	void loaderRefusesAChainBecauseFoldingMustBeOneStep() {
		assertThatIllegalStateException().isThrownBy(() -> load("齋\t斎\n斎\t斉\n")).withMessageContaining("標準字");
	}

	@Test
	void loaderRefusesAVariantListedTwice() {
		assertThatIllegalStateException().isThrownBy(() -> load("髙\t高\n髙\t嵩\n")).withMessageContaining("二度");
	}

	@Test
	void loaderRefusesALineThatIsNotTwoSingleCharacters() {
		assertThatIllegalStateException().isThrownBy(() -> load("髙高\n"));
		assertThatIllegalStateException().isThrownBy(() -> load("髙橋\t高橋\n"));
	}

	private static VariantTable load(String text) {
		return VariantTable.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.tsv");
	}

}
