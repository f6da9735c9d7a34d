package jp.tsunagu.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real-world tables the city is built from: surnames with their frequencies, given names with
 * their readings, 狭山市's 町丁目 and postcodes (see the NOTICE files under {@code sample/}).
 */
final class CityData {

    /**
     * Variant kanji (異体字) of common surnames, with the share of the surname's bearers who write
     * it that way. 齋藤, 齊藤 and 渡邊 already appear in the surname table with their own counts.
     */
    private static final String[][] VARIANTS = {
        {"高橋", "髙橋", "0.04"}, {"山崎", "山﨑", "0.04"}, {"高田", "髙田", "0.02"}, {"高木", "髙木", "0.02"},
        {"渡辺", "渡邉", "0.03"}, {"宮崎", "宮﨑", "0.03"}, {"斎藤", "齋藤", "0.02"}, {"沢田", "澤田", "0.05"},
        {"浜田", "濱田", "0.05"}, {"広田", "廣田", "0.03"}, {"桜井", "櫻井", "0.03"}, {"国分", "國分", "0.03"}
    };

    private static volatile CityData instance;

    final String[] surname;
    final String[] surnameKana;
    /** Cumulative bearers, for sampling by frequency. */
    final long[] surnameCumulative;
    /** Per surname index: the index of its variant spelling, or -1. */
    final int[] variantOf;
    final double[] variantShare;
    final String[] maleGiven;
    final String[] maleGivenKana;
    final String[] femaleGiven;
    final String[] femaleGivenKana;
    final Town[] towns;
    final long[] townCumulative;

    /** A 町丁目 of 狭山市; {@code chome} towns use 住居表示 (番・号), the others 地番 (番地). */
    record Town(String name, String postcode, boolean chome, int weight) {
    }

    private CityData() {
        List<String[]> sn = readTsv("names/surnames.tsv");
        int extra = VARIANTS.length;
        surname = new String[sn.size() + extra];
        surnameKana = new String[sn.size() + extra];
        surnameCumulative = new long[sn.size()];
        variantOf = new int[sn.size() + extra];
        variantShare = new double[sn.size() + extra];
        long total = 0;
        for (int i = 0; i < sn.size(); i++) {
            surname[i] = sn.get(i)[0];
            surnameKana[i] = sn.get(i)[1];
            total += Long.parseLong(sn.get(i)[2]);
            surnameCumulative[i] = total;
            variantOf[i] = -1;
        }
        int n = sn.size();
        for (String[] v : VARIANTS) {
            int base = indexOf(v[0], sn.size());
            if (base < 0) {
                continue;
            }
            int existing = indexOf(v[1], sn.size());
            int target = existing >= 0 ? existing : n;
            if (existing < 0) {
                surname[n] = v[1];
                surnameKana[n] = surnameKana[base];
                variantOf[n] = -1;
                n++;
            }
            variantOf[base] = target;
            variantShare[base] = Double.parseDouble(v[2]);
        }
        List<String[]> male = readTsv("names/given_male.tsv");
        List<String[]> female = readTsv("names/given_female.tsv");
        maleGiven = male.stream().map(r -> r[0]).toArray(String[]::new);
        maleGivenKana = male.stream().map(r -> r[1]).toArray(String[]::new);
        femaleGiven = female.stream().map(r -> r[0]).toArray(String[]::new);
        femaleGivenKana = female.stream().map(r -> r[1]).toArray(String[]::new);
        towns = readTowns();
        townCumulative = new long[towns.length];
        long w = 0;
        for (int i = 0; i < towns.length; i++) {
            w += towns[i].weight();
            townCumulative[i] = w;
        }
    }

    static CityData get() {
        CityData d = instance;
        if (d == null) {
            synchronized (CityData.class) {
                d = instance;
                if (d == null) {
                    d = new CityData();
                    instance = d;
                }
            }
        }
        return d;
    }

    private int indexOf(String name, int limit) {
        for (int i = 0; i < limit; i++) {
            if (surname[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Town[] readTowns() {
        String postal = String.join("\n", readLines("postal/KEN_ALL_11215_SAYAMA.CSV", Charset.forName("windows-31j")));
        String json = String.join("", readLines("sayama/sayama_towns.json", StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("\\{\"town\":\"([^\"]+)\",\"koaza\":\"([^\"]*)\"").matcher(json);
        List<Town> result = new ArrayList<>();
        while (m.find()) {
            String town = m.group(1);
            String koaza = m.group(2);
            String base = town.replaceFirst("^大字", "").replaceFirst("[一二三四五六七八九]丁目$", "");
            String name = koaza.isEmpty() ? town : town + "字" + koaza;
            boolean chome = town.endsWith("丁目");
            result.add(new Town(name, postcode(postal, base), chome, chome ? 3 : 1));
        }
        if (result.size() < 50) {
            throw new IllegalStateException("sayama_towns.json: 町丁目が読めません (" + result.size() + ")");
        }
        return result.toArray(Town[]::new);
    }

    private static String postcode(String kenAll, String town) {
        Matcher m = Pattern.compile("\"(\\d{7})\",\"[^\"]*\",\"[^\"]*\",\"[^\"]*\",\"[^\"]*\",\"[^\"]*\",\"" + Pattern.quote(town) + "\"")
                .matcher(kenAll);
        // 3501300 is Japan Post's "以下に掲載がない場合" for the city
        return m.find() ? m.group(1) : "3501300";
    }

    private static List<String[]> readTsv(String resource) {
        return readLines(resource, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).map(l -> l.split("\t")).toList();
    }

    static List<String> readLines(String resource, Charset charset) {
        try (InputStream in = CityData.class.getResourceAsStream("/sample/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: sample/" + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, charset));
            List<String> lines = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
