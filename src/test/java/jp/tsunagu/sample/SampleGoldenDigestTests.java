package jp.tsunagu.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample city's files stay byte for byte what they were before its writers were split by
 * department family: a regression check of the generator's output, not of its design.
 *
 * <p>The golden digests were taken once from main's generator (commit c95d77e, before the split):
 * <pre>
 * ./mvnw -B -ntp -q package -DskipTests
 * java -jar target/tsunagu.jar sample generate --size small --day 3 --seed 7 --out /tmp/golden
 * (cd /tmp/golden &amp;&amp; find . -type f | sort | xargs sha256sum)
 * </pre>
 * A deliberate change to the sample city's data regenerates them the same way (and says so in its commit).
 * Issue 14 changed two: the 住民記録 export keeps the 除票 of who died or moved out (異動事由 11 転出, 12 死亡),
 * and its definition names those two codes.
 */
class SampleGoldenDigestTests {

    static final Map<String, String> GOLDEN = Map.ofEntries(
            Map.entry("boshi-hoken/boshi-hoken_20260403.csv", "a7b8f63ea743b6cab41f0ef889168fa5988705d1b75c05982243ade0ff7cdcbd"),
            Map.entry("hitorioya-iryo/hitorioya-iryo_20260403.csv", "cbfc91728388a486a1fdb94b22d63723cae316a0260950504616953b265bc140"),
            Map.entry("hoiku/hoiku_20260403.csv", "d2f540e502d151809eb3eb590a3a823723d16a54a65d498c00b1fc759942671c"),
            Map.entry("jido-fuyo/jido-fuyo_20260403.csv", "c2b05e9400cc8460160b3c25c10512ce6a335bc04296a0bfd24cb1d06546fb70"),
            Map.entry("jido-teate/jido-teate_20260403.csv", "1054f7736f48a6b14848281d88cf6d1ad37844a9ca0d67490f9ef5fb7814240b"),
            Map.entry("jiritsu-shien/jiritsu-shien_20260403.csv", "72d532624dd7a8eddcb196284719340db9e4c392c03b2c6ab2658d7f8a17654b"),
            Map.entry("jumin-kiroku/jumin-kiroku_20260403.csv", "1c2505b794827033426c89726144bf78095bd67ddd76bf38d708a490b6a48184"),
            Map.entry("jutogai/jutogai_20260403.csv", "8ce282958db01b1c9e0e3d5ae6f0cc8fa1095aec889d082279f478b76a5b293e"),
            Map.entry("kaigo-nintei/kaigo-nintei_20260403.csv", "98a20dad5d99e093adf2c6486948838f8a1eedea085269d47cbab885447d8d06"),
            Map.entry("kaigo-shikaku/kaigo-shikaku_20260403.csv", "ccd2302f783995eeaec2586300e590c2825d698bba139c12b5fedd37af8b5026"),
            Map.entry("kodomo-iryo/kodomo-iryo_20260403.csv", "8822f3f49b0c2c8874a8a1889c2bbe1829389a602774398b1046e1f3339756ad"),
            Map.entry("koki-korei/koki-korei_20260403.csv", "c569468936bdb05d50ba36da1eec5107cc06de0ae3c1447457978306ec1b5256"),
            Map.entry("kokuho/kokuho_20260403.csv", "27ae599595246fe1abc007dde3df507593dc5a72409799f157f8c481f4bb6a51"),
            Map.entry("kokumin-nenkin/kokumin-nenkin_20260403.csv", "3a36f9c20fc04af0704513e72384f2960949f63356339d95a375dbad9c52ecaa"),
            Map.entry("koreisha-fukushi/koreisha-fukushi_20260403.csv", "d82614325ab4202420645d58ac7e67e376ae4a8bd160aaf0ec9bb300cca1d8b6"),
            Map.entry("ryoiku-techo/ryoiku-techo_20260403.csv", "35d0ac0529d26108fd91bb5fe6121477047819d6940c9993d9436d11f07a94a4"),
            Map.entry("seikatsu-hogo/seikatsu-hogo_20260403.csv", "45bba916d87d87e16ed7d60c89cadded8774aa400f4af2cb9feff1ef6b5e7d93"),
            Map.entry("seishin-techo/seishin-techo_20260403.csv", "26cb0dde7ff5df962ca805378cad25dd7ba88437fa2b5644b23246f9ad4566b9"),
            Map.entry("shintai-techo/shintai-techo_20260403.csv", "009cdbe0fd4a8664209d21809af7586741c565ada7229fdd6ff878437af18a7a"),
            Map.entry("shitei-nanbyo/shitei-nanbyo_20260403.csv", "ee102e5e1f8b3f41dd069cfbe849b3c1afb4006537f727c0b29386a76cf8b6c6"),
            Map.entry("shogai-service/shogai-service_20260403.csv", "2c31c5c61f2cd4257ea8aa024f585268c6aa1619e5936bdeb3ae2d783b94921e"),
            Map.entry("shugaku-enjo/shugaku-enjo_20260403.csv", "4a17c6c2dd59916cfaba73fa313536591a903d16b9553f3a36eb7e3386d3c78b"),
            Map.entry("sources/boshi-hoken.yml", "4344d80fdbfb8ceb8bff67243c3f0f021054862bcab1057f9f4a44507073a220"),
            Map.entry("sources/hitorioya-iryo.yml", "90ca9b4fca755ee6add998e329ed85bd4618f18f337695cdd22cf30f7b6b61b6"),
            Map.entry("sources/hoiku.yml", "1a8e95bc91a693084953d68f66f28148dd77a212554979b493e55008e8475b77"),
            Map.entry("sources/jido-fuyo.yml", "9354e9a77574f0ec636591e383b4a3ae537ef1d6e6e2be82fd5bd9a95c3fb666"),
            Map.entry("sources/jido-teate.yml", "c96e263f50c3206dceb9139bcfcdd9c0d6b7e0afd6d3a56103a8138fce011bf2"),
            Map.entry("sources/jiritsu-shien.yml", "09a7561f43e44cec312e5a18002ba37cbdde5dd4f48789252847dd304114ead3"),
            Map.entry("sources/jumin-kiroku.yml", "be8e07c46802460ea9193323b8bd72773d688b30a46d4e69e25caec8033bd5a0"),
            Map.entry("sources/jutogai.yml", "d6ddc12de044f1aaa02be019f09252d210600a78becbded112ef5f9474f717a6"),
            Map.entry("sources/kaigo-nintei.yml", "d9b94738bf0a1cd0dc95c34a01323cb207a5adb3b1f2e57139c22f3723e5f0a3"),
            Map.entry("sources/kaigo-shikaku.yml", "e0935db15058b46bd4c9aadb47fea37458fa629851cb3423149381361aa7f713"),
            Map.entry("sources/kodomo-iryo.yml", "32bd076b8b6323eb6a48073f3de1b9eeb18229ff213facb45d41dca5e5c16248"),
            Map.entry("sources/koki-korei.yml", "e88e9da89e4a5302ea0022f0a74bbc7d2b28673495de4f2d90de66c434f085a0"),
            Map.entry("sources/kokuho.yml", "3d8d92d2409cb0fefcbb52469913d08cafc49e692890814eeb79b9dcec99a52d"),
            Map.entry("sources/kokumin-nenkin.yml", "921ea0b4e07a93e007b725b73e10622b6ea06a1b243fa9d6b8a1cd328ad3181f"),
            Map.entry("sources/koreisha-fukushi.yml", "dbbe466183aff6b74b9ca5318f82c72ed9b99974474ac042c2480620ec93087e"),
            Map.entry("sources/ryoiku-techo.yml", "e1ecd152cd9a9d2aec5dbd87453097e43a9acdf07b5cc6950d98abcef790dcb6"),
            Map.entry("sources/seikatsu-hogo.yml", "ee1ff9ee6364bda18cde24fcb7c01af9483ef5709c3ddb31d94cb519f4124e86"),
            Map.entry("sources/seishin-techo.yml", "7b0c74186f877f90ece6e584413f472ef7d8015a965fd1a94b746c20f0be7da5"),
            Map.entry("sources/shintai-techo.yml", "1b09ea1deab8f453e674796e00e12347d457b6bb58c777679f003aaf1a4808b9"),
            Map.entry("sources/shitei-nanbyo.yml", "8ad342b04b413a0402329c8984da7b264a644af836763e1f91e206c2d0ce8ecf"),
            Map.entry("sources/shogai-service.yml", "50fd61a10280ec54c24ff68a3d866dcac9fea125a7f799b9f7180c803910b26e"),
            Map.entry("sources/shugaku-enjo.yml", "1bf52b09e78ffea370c0982c41b26f71443184d556837d094319d33e065d1544"),
            Map.entry("sources/tokubetsu-jido-fuyo.yml", "3cbd97d6f4ebd59ddc7eed58ee9d3f63c49628be545a50886e05e365d9505c8f"),
            Map.entry("tokubetsu-jido-fuyo/tokubetsu-jido-fuyo_20260403.csv", "32b20fa369791a5881c0963f3e226dea790e077cca0898ae928bc99aaf83cb1e"));

    @TempDir
    Path dir;

    @Test
    void theSmallCityOfSeedSevenIsByteForByteWhatMainsGeneratorWrote() throws IOException {
        SampleMunicipality.generate(SampleSize.SMALL, 3, 7L, dir);

        Map<String, String> written = digests(dir);

        assertThat(written.keySet()).isEqualTo(new TreeMap<>(GOLDEN).keySet());
        assertThat(written).containsExactlyInAnyOrderEntriesOf(GOLDEN);
    }

    private static Map<String, String> digests(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                result.put(root.relativize(f).toString().replace('\\', '/'), sha256(Files.readAllBytes(f)));
            }
        }
        return result;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
