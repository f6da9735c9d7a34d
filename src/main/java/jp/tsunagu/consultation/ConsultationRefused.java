package jp.tsunagu.consultation;

/**
 * A change the record refuses (記録できない入力), with the reason in Japanese naming the field; nothing was
 * written. Screens answer 400 with the message, the API {@code {"status": 400, "error": "…"}}.
 */
public class ConsultationRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConsultationRefused(String message) {
        super(message);
    }
}
