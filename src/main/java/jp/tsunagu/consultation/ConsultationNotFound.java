package jp.tsunagu.consultation;

/**
 * No record with this number that the viewer may see (見つからない相談記録): the same answer whether it does not
 * exist or is hidden, so that a 虐待 record's number tells nothing.
 */
public class ConsultationNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConsultationNotFound(long id) {
        super("相談記録 " + id + " は見つからないか、閲覧できません");
    }
}
