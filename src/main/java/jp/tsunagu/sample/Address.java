package jp.tsunagu.sample;

import java.util.SplittableRandom;

/**
 * An address packed into a long: inside the city (town, block, number, building, room) or, for
 * persons who left and for 住登外, a place elsewhere in Japan.
 */
final class Address {

    private static final String[] BUILDINGS = {
        "サンハイツ", "コーポ", "メゾン", "グリーンハイツ", "パークハイム", "レジデンス", "ハイツ", "フォレスト",
        "ライオンズマンション", "ロイヤルコート", "エステート", "ヴィラ", "シャトー", "カーサ", "グランパレス", "ベルメゾン"
    };
    /** A few 方書 carry a comma, as clerks type them, so exports must quote them. */
    private static final String[] WINGS = {"", "", "", "", "", "", "", "", "Ａ棟", "Ｂ棟", ",東館", ",西館"};
    private static final String[] ELSEWHERE = {
        "埼玉県入間市", "埼玉県所沢市", "埼玉県川越市", "埼玉県飯能市", "埼玉県日高市", "埼玉県さいたま市大宮区",
        "東京都青梅市", "東京都八王子市", "東京都練馬区", "東京都新宿区", "東京都東村山市", "神奈川県横浜市青葉区",
        "千葉県船橋市", "群馬県高崎市", "北海道札幌市中央区", "大阪府大阪市北区", "福岡県福岡市博多区", "宮城県仙台市青葉区"
    };
    private static final String[] ELSEWHERE_TOWN = {"本町", "中央", "緑町", "東町", "栄町", "旭町", "新町", "南町", "若葉町", "桜町"};

    private Address() {
    }

    // layout: [outside:1][town:7][block:13][number:7][building:8][wing:4][room:11]
    static long inCity(SplittableRandom rng, CityData data, boolean apartment) {
        long r = rng.nextLong(data.townCumulative[data.townCumulative.length - 1]);
        int town = 0;
        while (data.townCumulative[town] <= r) {
            town++;
        }
        boolean chome = data.towns[town].chome();
        int block = chome ? 1 + rng.nextInt(30) : 1 + rng.nextInt(2999);
        int number = 1 + rng.nextInt(chome ? 30 : 12);
        int building = apartment ? 1 + rng.nextInt(BUILDINGS.length * 8) : 0;
        int wing = apartment ? rng.nextInt(WINGS.length) : 0;
        int room = apartment ? (1 + rng.nextInt(5)) * 100 + 1 + rng.nextInt(12) : 0;
        return ((long) town << 43) | ((long) block << 30) | ((long) number << 23) | ((long) building << 15)
                | ((long) wing << 11) | room;
    }

    static long elsewhere(SplittableRandom rng) {
        long place = rng.nextInt(ELSEWHERE.length);
        long town = rng.nextInt(ELSEWHERE_TOWN.length);
        return (1L << 50) | (place << 43) | (town << 30) | ((long) (1 + rng.nextInt(9)) << 23) | (1 + rng.nextInt(40));
    }

    static boolean isElsewhere(long a) {
        return (a >>> 50) != 0;
    }

    /** 埼玉県狭山市入間川一丁目12番3号, or 埼玉県狭山市大字堀兼1234番地5. */
    static String street(long a, CityData data) {
        int t = (int) (a >>> 43 & 0x7F);
        int block = (int) (a >>> 30 & 0x1FFF);
        int number = (int) (a >>> 23 & 0x7F);
        if (isElsewhere(a)) {
            return ELSEWHERE[t] + ELSEWHERE_TOWN[block] + number + "丁目" + (a & 0x7FF) + "番地";
        }
        CityData.Town town = data.towns[t];
        return "埼玉県狭山市" + town.name() + block + (town.chome() ? "番" + number + "号" : "番地" + number);
    }

    /** 方書: サンハイツ狭山台Ａ棟203号, or empty for a house. */
    static String detail(long a, CityData data) {
        int building = (int) (a >>> 15 & 0xFF);
        if (building == 0 || isElsewhere(a)) {
            return "";
        }
        int t = (int) (a >>> 43 & 0x7F);
        String townStem = data.towns[t].name().replaceFirst("^大字", "").replaceFirst("[一二三四五六七八九]丁目$", "").replaceFirst("字.*$", "");
        String name = BUILDINGS[(building - 1) % BUILDINGS.length] + townStem + ((building - 1) / BUILDINGS.length + 1);
        return name + WINGS[(int) (a >>> 11 & 0xF)] + (a & 0x7FF) + "号";
    }

    static String postcode(long a, CityData data) {
        if (isElsewhere(a)) {
            return "";
        }
        String p = data.towns[(int) (a >>> 43 & 0x7F)].postcode();
        return p.substring(0, 3) + "-" + p.substring(3);
    }

    static int town(long a) {
        return (int) (a >>> 43 & 0x7F);
    }
}
