package jp.tsunagu.consultation;

/** Who called or reported (相談者・通報者). */
public enum Caller {
    SELF("本人"), RELATIVE("親族"), NEIGHBOUR("近隣住民"), MINSEI("民生委員"), SCHOOL("学校"), HOSPITAL("病院"),
    POLICE("警察"), ANONYMOUS("匿名");

    private final String label;

    Caller(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
