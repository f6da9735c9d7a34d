package jp.tsunagu.overview;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.platform.TypedValue;
import jp.tsunagu.resident.Person;

/**
 * The person overview as {@code /api/v1/persons/{key}/overview} gives it (横断照会の JSON): the same
 * content as the screen, every value typed ({@link TypedValue}: ISO dates, numbers, codes with their
 * label) beside its Japanese display. Identifiers and names of sources stay plain strings.
 */
@Schema(name = "PersonOverview", description = "一人の人の横断照会。asOf があれば過去の時点の表示。"
        + "値はすべて型付き ({name, label, value, display}: 日付は ISO 8601、数値は数値、コードは {code, label})")
record OverviewDocument(PersonHeader person, boolean addressHidden, List<PersonOverview.Member> household,
        List<PersonOverview.Card> cards, List<PersonOverview.Change> timeline, boolean breakGlass,
        @Schema(description = "過去の時点の表示の基準日 (ISO 8601)。現在の表示では null", example = "2025-04-01") LocalDate asOf,
        String asOfLabel, List<String> notYetImported, boolean pastHeader) {

    /** The header: the person key, and the person's fields typed. */
    @Schema(name = "PersonHeader", description = "基本情報。fields は型付きの値 (氏名、カナ、生年月日、年齢、性別、住所、状態)")
    record PersonHeader(@Schema(example = "0000100002") String personKey,
            @Schema(example = """
                    [{"name":"birthDate","label":"生年月日","value":"1985-04-12","display":"昭和60年4月12日 (1985)"},
                     {"name":"age","label":"年齢","value":40,"display":"40歳"}]""") List<TypedValue> fields) {
    }

    static OverviewDocument of(PersonOverview.View view) {
        Person p = view.person();
        List<TypedValue> fields = new ArrayList<>();
        fields.add(TypedValue.text("name", "氏名", p.name()));
        fields.add(TypedValue.text("kana", "カナ氏名", p.kana()));
        fields.add(PersonOverview.birthDate(p.birthDate()));
        fields.add(TypedValue.number("age", "年齢", view.age(), view.age() == null ? null : view.age() + "歳"));
        fields.add(TypedValue.text("sex", "性別", p.sex()));
        fields.add(view.addressHidden() ? Withheld.whereaboutsField("address", "住所")
                : TypedValue.text("address", "住所", view.address()));
        fields.add(TypedValue.text("status", "状態", p.status()));
        return new OverviewDocument(new PersonHeader(p.personKey(), fields), view.addressHidden(), view.household(),
                view.cards(), view.timeline(), view.breakGlass(), view.asOf(), view.asOfLabel(), view.notYetImported(),
                view.pastHeader());
    }
}
