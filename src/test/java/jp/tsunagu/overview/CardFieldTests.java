package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import jp.tsunagu.platform.TypedValue;
import jp.tsunagu.resident.Person;
import org.junit.jupiter.api.Test;

/** A card leaves out the 氏名, カナ and 生年月日 that repeat the header and keeps, flagged, those that differ. */
class CardFieldTests {

    static final Person HEADER = new Person("0000100002", "jumin-kiroku", true, "住民", "佐藤　あづさ", "サトウ　アヅサ",
            LocalDate.of(1950, 1, 2), "女", "狭山市入間川一丁目1番", null, "0000200001", "世帯主", null, null, false,
            false);

    @Test
    void fieldsThatRepeatTheHeaderAreLeftOutWhateverTheirWidthOrSpacing() {
        List<CardField> fields = CardField.besidesHeader(List.of(
                TypedValue.text("insured_number", "被保険者番号", "1234567890"),
                TypedValue.text("name", "氏名", "佐藤 あづさ"),
                TypedValue.text("kana", "カナ氏名", "ｻﾄｳ ｱﾂﾞｻ"),
                TypedValue.date("birth_date", "生年月日", LocalDate.of(1950, 1, 2), "昭和25年1月2日 (1950)"),
                TypedValue.date("qualified_on", "資格取得日", LocalDate.of(2015, 4, 1), "平成27年4月1日 (2015)")), HEADER);
        assertThat(fields).extracting(f -> f.value().label()).containsExactly("被保険者番号", "資格取得日");
        assertThat(fields).extracting(CardField::differs).containsOnly(false);
        assertThat(fields).extracting(CardField::date).containsExactly(false, true);
    }

    @Test
    void aNameOrBirthDateThatDiffersFromTheHeaderStaysFlagged() {
        List<CardField> fields = CardField.besidesHeader(List.of(
                TypedValue.text("name", "受給者氏名", "鈴木　あづさ"),
                TypedValue.date("birth_date", "生年月日", LocalDate.of(1950, 2, 1), "昭和25年2月1日 (1950)"),
                TypedValue.text("kana", "カナ氏名", "サトウ アヅサ")), HEADER);
        assertThat(fields).extracting(f -> f.value().display()).containsExactly("鈴木　あづさ", "昭和25年2月1日 (1950)");
        assertThat(fields).extracting(CardField::differs).containsOnly(true);
    }

    @Test
    void aWithheldHeaderFieldIsShownWithItsReasonAndNotFlagged() {
        List<CardField> fields = CardField.besidesHeader(List.of(
                TypedValue.withheld("name", "氏名", "＊＊＊ (要配慮情報)")), HEADER);
        assertThat(fields).singleElement().satisfies(f -> {
            assertThat(f.value().display()).isEqualTo("＊＊＊ (要配慮情報)");
            assertThat(f.differs()).isFalse();
        });
    }
}
