package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grams a person is indexed by, and their rows in COPY's text format (the first index's bulk load). */
class SearchGramsTests {

    @Test
    void aNameAReadingAnAddressAndABirthYearGiveTheirGrams() {
        String[] grams = SearchGrams.of("山田 花子", "ヤマダ ハナコ", "狭山市入間川三丁目17番", LocalDate.of(1970, 3, 2));

        assertThat(grams).contains("n:山", "n:山田", "n:花子", "n1970:山田", "k:ヤマ", "a:入間", "a:3-", "y:1970")
                .doesNotContain("k:ヤ").doesNotHaveDuplicates();
        // the address's 2-grams with the birth year, without the block numbers' (3-17-): what the search asks for
        assertThat(grams).filteredOn(g -> g.startsWith("a1970:")).containsExactlyInAnyOrder(
                SearchGrams.addressOfTheYear(SearchGrams.query("a:", SearchGrams.addressKey("狭山市入間川三丁目17番")), 1970))
                .contains("a1970:入間", "a1970:間川", "a1970:狭山").noneMatch(g -> g.matches("a1970:.*[0-9-].*"));
        assertThat(SearchGrams.of("山田 花子", null, "狭山市入間川", null)).noneMatch(g -> g.startsWith("a1"));
        assertThat(SearchGrams.ofKeys("山田花子", "ヤマダハナコ", SearchGrams.addressKey("狭山市入間川三丁目17番"),
                LocalDate.of(1970, 3, 2))).containsExactly(SearchGrams.of("山田花子", "ヤマダハナコ",
                        "狭山市入間川三丁目17番", LocalDate.of(1970, 3, 2)));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneCharacterOfItsGrams() {
        // 𩸽 (U+29E3D) is two chars in Java: a gram never splits it (the key as folded: 𠮷 would be folded to 吉)
        String[] grams = SearchGrams.ofKeys("𩸽田", null, "𩸽1-2", null);

        assertThat(grams).containsExactly("n:𩸽", "n:𩸽田", "n:田", "a:𩸽", "a:𩸽1", "a:1", "a:1-", "a:-", "a:-2",
                "a:2");
    }

    /**
     * A row in COPY's binary format: 24 fields, each its length and bytes — a text as it is (a tab or a backslash
     * needs no escape), a date as its days from 2000-01-01, the grams as an array of {@code bigint} — and the
     * 支援措置 flag again as the last (the protection); a value of another type is refused.
     */
    @Test
    void aRowIsWrittenInCopysBinaryFormat() throws Exception {
        Object[] row = new Object[23];
        row[0] = "0000001";
        row[4] = "山田\t花子\\";
        row[6] = java.sql.Date.valueOf(LocalDate.of(2000, 1, 3));
        row[15] = Boolean.TRUE;
        row[19] = 7L;
        row[21] = GramCode.of(new String[] {"n:山", "n:山田"});

        var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(PersonCopy.encode(List.<Object[]>of(row))));
        assertThat(in.readShort()).as("fields").isEqualTo((short) 24);
        byte[][] fields = new byte[24][];
        for (int i = 0; i < 24; i++) {
            int length = in.readInt();
            fields[i] = length < 0 ? null : in.readNBytes(length);
        }
        assertThat(in.available()).as("nothing after the row").isZero();
        assertThat(new String(fields[0], StandardCharsets.UTF_8)).isEqualTo("0000001");
        assertThat(new String(fields[4], StandardCharsets.UTF_8)).isEqualTo("山田\t花子\\");
        assertThat(fields[1]).as("null").isNull();
        assertThat(java.nio.ByteBuffer.wrap(fields[6]).getInt()).as("days from 2000-01-01").isEqualTo(2);
        assertThat(java.nio.ByteBuffer.wrap(fields[19]).getLong()).isEqualTo(7L);
        var grams = java.nio.ByteBuffer.wrap(fields[21]);
        assertThat(new int[] {grams.getInt(), grams.getInt(), grams.getInt(), grams.getInt(), grams.getInt()})
                .as("one dimension, no nulls, bigint, two elements from 1").containsExactly(1, 0, 20, 2, 1);
        assertThat(new long[] {grams.getInt(), grams.getLong(), grams.getInt(), grams.getLong()})
                .containsExactly(8, GramCode.of("n:山"), 8, GramCode.of("n:山田"));
        assertThat(fields[15]).containsExactly(1);
        assertThat(fields[23]).as("the protection flag, from the 支援措置").containsExactly(1);

        row[21] = new String[] {"n:山"};
        assertThatThrownBy(() -> PersonCopy.encode(List.<Object[]>of(row))).as("grams as texts are no longer written")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
