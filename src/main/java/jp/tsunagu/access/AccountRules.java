package jp.tsunagu.access;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a staff ID, name, department or role must look like — the same rules for the screens and
 * for the staff CSV. Each check returns the problem in words a clerk can act on, or nothing.
 */
final class AccountRules {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private AccountRules() {
    }

    static Optional<String> staffId(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("職員IDがありません");
        }
        if (!ID.matcher(id).matches()) {
            return Optional.of("職員ID「" + id + "」は半角英数字と . _ @ - の64文字以内にしてください");
        }
        return Optional.empty();
    }

    static Optional<String> displayName(String name) {
        return text(name, "氏名", 100);
    }

    static Optional<String> departmentId(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("所属IDがありません");
        }
        if (!ID.matcher(id).matches()) {
            return Optional.of("所属ID「" + id + "」は半角英数字と . _ @ - の64文字以内にしてください");
        }
        return Optional.empty();
    }

    static Optional<String> departmentName(String name) {
        return text(name, "所属名", 100);
    }

    static Optional<String> extension(String extension) {
        if (extension == null || extension.isEmpty()) {
            return Optional.empty();
        }
        return text(extension, "内線", 30);
    }

    /** A role by its Japanese label (閲覧者 …) or its name (VIEWER …, any case). */
    static Optional<Role> role(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        for (Role role : Role.values()) {
            if (role.label().equals(t) || role.name().equals(t.toUpperCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** The shortest password a person may choose; generated ones are 16 characters. */
    static final int PASSWORD_MIN = 12;
    /** bcrypt reads at most 72 bytes: beyond that, two different passwords would be the same. */
    static final int PASSWORD_MAX_BYTES = 72;

    /**
     * A password a staff member chooses (パスワードの決まり): at least 12 characters, at most 72 bytes
     * in UTF-8, no control characters, not the user ID itself. Generated passwords
     * ({@link GeneratedPasswords}) meet it too.
     */
    static Optional<String> password(String password, String username) {
        if (password == null || password.isEmpty()) {
            return Optional.of("新しいパスワードを入力してください");
        }
        if (password.codePointCount(0, password.length()) < PASSWORD_MIN) {
            return Optional.of("パスワードは " + PASSWORD_MIN + " 文字以上にしてください");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
            return Optional.of("パスワードが長すぎます (半角 " + PASSWORD_MAX_BYTES + " 文字、全角 24 文字まで)");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("パスワードに制御文字は使えません");
        }
        if (username != null && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("パスワードに職員IDを含めないでください");
        }
        return Optional.empty();
    }

    private static Optional<String> text(String value, String what, int max) {
        if (value == null || value.isBlank()) {
            return Optional.of(what + "がありません");
        }
        if (value.codePointCount(0, value.length()) > max) {
            return Optional.of(what + "は" + max + "文字以内にしてください");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(what + "に制御文字が含まれています");
        }
        return Optional.empty();
    }
}
