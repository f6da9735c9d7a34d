package jp.tsunagu.consultation;

/**
 * A person a report is about who is not yet identified (未特定の対象者): what is known, to be linked to a 宛名番号
 * later.
 *
 * @param name the name as heard (聞き取った氏名), may be a guess in kana
 * @param age the approximate age as said (「小学校低学年くらい」)
 * @param place where (the report's place: 「○○公園の近く」)
 */
public record Unidentified(String name, String age, String place) {

    public boolean isEmpty() {
        return blank(name) && blank(age) && blank(place);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
