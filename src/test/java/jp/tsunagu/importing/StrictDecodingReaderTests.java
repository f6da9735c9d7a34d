package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Line and column of undecodable bytes far into a file, after many characters were handed out. */
class StrictDecodingReaderTests {

    @Test
    void undecodableBytesAfterManyBuffersAreNamedByLineAndColumn() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(",\"山田\n太郎\",").append(i % 7 == 0 ? "" : "備考").append('\n');
        }
        text.append("12345,あいう");
        byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = EncodingTests.concat(good, new byte[] {(byte) 0xFF, 'x', '\n'});
        String expected = EncodingTests.firstUndecodable(bytes, StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 7, 4096, 1 << 16}) {
            StrictDecodingReader reader = new StrictDecodingReader(new ByteArrayInputStream(bytes),
                    StandardCharsets.UTF_8, ',');
            char[] buf = new char[chunk];
            assertThatThrownBy(() -> {
                while (reader.read(buf, 0, chunk) >= 0) {
                    // read on
                }
            }).isInstanceOfSatisfying(StrictDecodingReader.UndecodableBytesException.class,
                    e -> assertThat(e.line + ":" + e.column).as("chunk %d", chunk).isEqualTo(expected));
        }
    }

    @Test
    void anOpenQuoteAtTheEndIsSeen() throws IOException {
        for (String text : new String[] {"a,\"b\nc", "a,\"b\"\"", "\"a\"\"b\",\"c"}) {
            StrictDecodingReader reader = new StrictDecodingReader(
                    new ByteArrayInputStream(text.getBytes(Charset.forName("windows-31j"))), Charset.forName("windows-31j"),
                    ',');
            char[] buf = new char[3];
            while (reader.read(buf, 0, 3) >= 0) {
                // read on
            }
            assertThat(reader.insideQuotedField()).as(text).isTrue();
        }
        for (String text : new String[] {"a,\"b\nc\"", "a,b\"c", "\"a\"\"b\",c\n", "x\ty,\"z\"\n"}) {
            StrictDecodingReader reader = new StrictDecodingReader(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, ',');
            char[] buf = new char[2];
            while (reader.read(buf, 0, 2) >= 0) {
                // read on
            }
            assertThat(reader.insideQuotedField()).as(text).isFalse();
        }
    }
}
