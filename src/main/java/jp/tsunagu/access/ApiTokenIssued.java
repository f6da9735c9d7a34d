package jp.tsunagu.access;

/**
 * A token just made, with its secret ({@code tsunagu_…}), which exists only in this object: it is
 * shown to the administrator once and never stored.
 */
public record ApiTokenIssued(ApiToken token, String secret) {

    @Override
    public String toString() {
        return "ApiTokenIssued[" + token.id() + " " + token.name() + "]";
    }
}
