package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import jp.tsunagu.japanese.AddressText;
import jp.tsunagu.japanese.InvalidValueException;
import jp.tsunagu.japanese.KanaText;
import jp.tsunagu.japanese.KanjiText;
import jp.tsunagu.japanese.PersonKeys;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target "kana" (docs/fuzzing.md): any text through the normalisers that make the search keys —
 * {@link KanaText} (half-width kana, hiragana, voiced marks), {@link KanjiText} (異体字 folding, IVS),
 * {@link AddressText} (丁目・番・号), {@link PersonKeys} — and through the search box's own reading
 * ({@link SearchQuery}) and the grams a person is indexed by ({@link SearchGrams}). None of them may
 * throw anything but their declared exceptions; the keys they document as idempotent must be (the
 * index and the search apply them to text that may already be a key); none makes a U+FFFD.
 */
class SearchKeyFuzzTests {

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"ｶﾞ", "ﾊﾟ", "ﾞ", "ﾟ", "゛", "゜", "\u3099", "ヴ", "ゔ", "ー", "・", "\u3000", "髙", "﨑", "齋", "邊",
        "\uFE00", "\uDB40\uDD00", "丁目", "番地", "号", "の", "三", "十", "百", "千", "〇", "－", "―", "〜", "㍻", "㋿",
        "昭和", "令和", "元年", "S45", "R1.2.30", "月", "日"})
    void kana(FuzzedDataProvider data) {
        int digits = data.consumeInt(1, 20);
        String text = data.consumeRemainingAsString();
        boolean hadReplacement = text.indexOf('\uFFFD') >= 0;

        String kana = KanaText.normalize(text);
        assertThat(KanaText.normalize(kana)).as("normalize is idempotent").isEqualTo(kana);
        String loose = KanaText.looseKey(text);
        KanaText.isKana(text);

        String folded = KanjiText.fold(text);
        assertThat(KanjiText.fold(folded)).as("fold is idempotent").isEqualTo(folded);
        String block = AddressText.blockKey(folded);
        assertThat(AddressText.blockKey(block)).as("blockKey is idempotent").isEqualTo(block);
        String address = SearchGrams.addressKey(text);
        assertThat(SearchGrams.addressKey(address)).as("the address key of an address key is itself").isEqualTo(address);
        if (!hadReplacement) {
            assertThat(kana + loose + folded + block).doesNotContain("\uFFFD");
        }
        // the grams as the index stores them (numbers): the same, and back to the same texts, whatever the text
        java.time.LocalDate born = java.time.LocalDate.of(1985, 1, 20);
        String[] grams = SearchGrams.ofKeys(folded, kana, address, born);
        long[] codes = SearchGrams.codesOfKeys(folded, kana, address, born);
        assertThat(codes).as("the index's numbers").containsExactly(
                java.util.Arrays.stream(GramCode.of(grams)).sorted().toArray());
        assertThat(GramCode.texts(GramCode.of(grams))).as("numbers back to grams").containsExactly(grams);

        for (PersonKeys.Normalisation mode : PersonKeys.Normalisation.values()) {
            try {
                String key = PersonKeys.normalise(text, mode, digits);
                assertThat(PersonKeys.normalise(key, mode, digits)).as("a normalised key stays as it is").isEqualTo(key);
                if (mode == PersonKeys.Normalisation.ZERO_PAD) {
                    assertThat(key).hasSize(digits).containsOnlyDigits();
                }
                PersonKeys.checkDigitValid(key);
            } catch (InvalidValueException e) {
                assertThat(e.reason()).isNotBlank();
            }
        }

        try {
            SearchQuery query = SearchQuery.parse(text);
            assertThat(query.terms()).hasSizeLessThanOrEqualTo(SearchQuery.MAX_TERMS);
        } catch (SearchRefusedException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
