package jp.tsunagu.consultation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The words of a Japanese text as Lucene's kuromoji morphological analyser cuts them (形態素解析): base forms,
 * particles and auxiliary verbs left out, compounds also split into their parts (search mode), width and case
 * folded. An account is cut once when it is written and stored as a {@code tsvector} of these words; a query
 * is cut the same way, so that 「泣き声が聞こえた」 is found by 「泣き声」 and 「泣き声がする」 alike, in SQL, filtered
 * by the same access rules as the records.
 */
public final class JapaneseText {

    /** JapaneseAnalyzer is thread-safe: its components are kept per thread. */
    private static final Analyzer ANALYZER = new JapaneseAnalyzer();

    private JapaneseText() {
    }

    /** The distinct words of a text, in order of first appearance. */
    public static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<String> words = new LinkedHashSet<>();
        try (TokenStream stream = ANALYZER.tokenStream("body", Normalizer.normalize(text, Normalizer.Form.NFKC))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() > 0) {
                    words.add(term.toString());
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(words);
    }

    /**
     * What an entry's text is indexed by: its words, and the character grams of every run of kanji and katakana
     * in it (a run of one character as itself, a longer run as its overlapping pairs), marked {@code #1} and
     * {@code #2}. The words find 「泣き声が聞こえる」 in 「泣き声が聞こえた」; the grams find a place or a name that
     * kuromoji cuts one way in a sentence and another way alone (入間川三丁目 is 入間｜川｜三｜丁目, 入間川 alone is
     * one word).
     */
    public static List<String> lexemes(String text) {
        Set<String> all = new LinkedHashSet<>(words(text));
        if (text != null) {
            all.addAll(grams(Normalizer.normalize(text, Normalizer.Form.NFKC)));
        }
        return List.copyOf(all);
    }

    /**
     * A {@code tsquery} that asks, for every term of the query (split at spaces), for all of its words — or, when
     * the term is a run of kanji and katakana, for all of its grams instead — or {@code null} when the query has
     * nothing to search for (only particles, punctuation).
     */
    public static String query(String text) {
        return query(text, "");
    }

    /**
     * The {@link #query} of a text asked of lexemes marked with each of these marks (a period of time:
     * {@code d20790|狭山} is 狭山 in a record of that day), any mark: {@code (q with d20790|) | (q with d20789|)}; or
     * {@code null} as {@link #query} gives.
     */
    public static String marked(String text, List<String> marks) {
        StringBuilder q = new StringBuilder();
        for (String mark : marks) {
            String one = query(text, mark);
            if (one == null) {
                return null;
            }
            if (!q.isEmpty()) {
                q.append(" | ");
            }
            q.append('(').append(one).append(')');
        }
        return q.isEmpty() ? null : q.toString();
    }

    private static String query(String text, String mark) {
        if (text == null) {
            return null;
        }
        StringBuilder q = new StringBuilder();
        for (String term : Normalizer.normalize(text, Normalizer.Form.NFKC).strip().split("[\\s\u3000]+")) {
            String part = term(term, mark);
            if (part != null) {
                if (!q.isEmpty()) {
                    q.append(" & ");
                }
                q.append(part);
            }
        }
        return q.isEmpty() ? null : q.toString();
    }

    private static String term(String term, String mark) {
        List<String> words = words(term);
        List<String> grams = term.codePoints().allMatch(JapaneseText::runCharacter) ? grams(term) : List.of();
        String byWords = words.isEmpty() ? null : all(words, mark);
        String byGrams = grams.isEmpty() ? null : all(grams, mark);
        if (byWords == null) {
            return byGrams;
        }
        return byGrams == null ? byWords : "((" + byWords + ") | (" + byGrams + "))";
    }

    private static String all(List<String> lexemes, String mark) {
        StringBuilder q = new StringBuilder();
        for (String w : lexemes) {
            if (!q.isEmpty()) {
                q.append(" & ");
            }
            q.append(lexeme(mark + w));
        }
        return q.toString();
    }

    /** The grams of the runs of kanji and katakana in a text. */
    static List<String> grams(String text) {
        Set<String> grams = new LinkedHashSet<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            if (!runCharacter(cps[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < cps.length && runCharacter(cps[i])) {
                i++;
            }
            if (i - start == 1) {
                grams.add("#1" + new String(cps, start, 1));
            } else {
                for (int k = start; k + 1 < i; k++) {
                    grams.add("#2" + new String(cps, k, 2));
                }
            }
        }
        return List.copyOf(grams);
    }

    private static boolean runCharacter(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.KATAKANA || cp == 'ー';
    }

    /** A word quoted as a tsvector or tsquery lexeme. */
    static String lexeme(String word) {
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
