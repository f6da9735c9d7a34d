package jp.tsunagu.evacuation;

import jp.tsunagu.japanese.InvalidValueException;
import jp.tsunagu.japanese.PersonKeys;

/** A 宛名番号 typed by staff, padded to ten digits as the person index holds it (0000100002 = 100002). */
final class PersonKeyInput {

    private PersonKeyInput() {
    }

    static String normalise(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (!text.matches("[0-9]{1,10}")) {
            throw new EvacuationInputException("宛名番号 (personKey) は10桁までの数字で入力してください");
        }
        try {
            return PersonKeys.normalise(text, PersonKeys.Normalisation.ZERO_PAD, 10);
        } catch (InvalidValueException e) {
            throw new EvacuationInputException("宛名番号 (personKey) を読めません");
        }
    }
}
