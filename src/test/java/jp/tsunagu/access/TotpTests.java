package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTests {

    private static final byte[] RFC_6238_SHA1_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, the SHA-1 rows. */
    @ParameterizedTest
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void matchesTheRfc6238TestVectors(long unixTime, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(unixTime));
        assertThat(Totp.code(RFC_6238_SHA1_SECRET, step, 8)).isEqualTo(expected);
        assertThat(Totp.code(RFC_6238_SHA1_SECRET, step, 6)).isEqualTo(expected.substring(2));
    }

    @Test
    void sixDigitCodeAtTime59Is287082() {
        assertThat(Totp.code(RFC_6238_SHA1_SECRET, Totp.step(Instant.ofEpochSecond(59)), Totp.DIGITS))
                .isEqualTo("287082");
    }

    @Test
    void acceptsTheNeighbouringStepsOnlyAndIgnoresSpaces() {
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(now);
        String previous = Totp.code(RFC_6238_SHA1_SECRET, step - 1, 6);
        String next = Totp.code(RFC_6238_SHA1_SECRET, step + 1, 6);
        String tooOld = Totp.code(RFC_6238_SHA1_SECRET, step - 2, 6);

        assertThat(Totp.matchingStep(RFC_6238_SHA1_SECRET, previous, now)).hasValue(step - 1);
        assertThat(Totp.matchingStep(RFC_6238_SHA1_SECRET, next.substring(0, 3) + " " + next.substring(3), now))
                .hasValue(step + 1);
        assertThat(Totp.matchingStep(RFC_6238_SHA1_SECRET, tooOld, now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_6238_SHA1_SECRET, "12345", now)).isEmpty();
        assertThat(Totp.matchingStep(RFC_6238_SHA1_SECRET, "abcdef", now)).isEmpty();
    }

    /** RFC 4648 section 10, without padding as authenticator apps take it. */
    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32MatchesRfc4648(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(new String(Base32.decode(encoded.toLowerCase() + "===="), StandardCharsets.US_ASCII))
                .isEqualTo(plain);
    }

    @Test
    void enrolmentUriFollowsTheKeyUriFormat() {
        assertThat(Totp.uri("Tsunagu", "yamada.t", RFC_6238_SHA1_SECRET)).isEqualTo(
                "otpauth://totp/Tsunagu:yamada.t?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Tsunagu"
                        + "&algorithm=SHA1&digits=6&period=30");
    }
}
