package jp.tsunagu.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleNotationTests {

    @Test
    void personKeysCarryTheModulus11CheckDigit() {
        // 12345678: weights 2..7 from the right: 8*2+7*3+6*4+5*5+4*6+3*7+2*2+1*3 = 138; 138 % 11 = 6; 11-6 = 5
        assertThat(PersonKeys.key(12345678)).isEqualTo(123456785L);
        assertThat(PersonKeys.padded(123456785L)).isEqualTo("0123456785");
    }

    @Test
    void eraDatesUseGannenAndEraBoundaries() {
        assertThat(Dates.wareki(20190501)).isEqualTo("令和元年5月1日");
        assertThat(Dates.wareki(20190430)).isEqualTo("平成31年4月30日");
        assertThat(Dates.eraLetter(20240401)).isEqualTo("R06.04.01");
        assertThat(Dates.eraCode7(20240401)).isEqualTo("5060401");
        assertThat(Dates.eraCode7(19890107)).isEqualTo("3640107");
        assertThat(Dates.slashed(20240401)).isEqualTo("2024/4/1");
    }

    @Test
    void schoolYearAgeCountsAprilFirstBirthdaysWithTheYearAhead() {
        assertThat(Dates.fiscalAge(20080401, 20260401)).isEqualTo(18);
        assertThat(Dates.fiscalAge(20080402, 20260401)).isEqualTo(17);
        assertThat(Dates.endOfFiscalAge(20080401, 17)).isEqualTo(20260331);
        assertThat(Dates.endOfFiscalAge(20080402, 17)).isEqualTo(20270331);
    }

    @Test
    void halfWidthKanaSplitsVoicedSounds() {
        assertThat(Kana.halfWidth("タカハシ　ジロウ")).isEqualTo("ﾀｶﾊｼ ｼﾞﾛｳ");
    }
}
