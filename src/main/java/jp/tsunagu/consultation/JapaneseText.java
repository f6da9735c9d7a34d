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
     * A {@code tsquery} that asks for every word of the query ({@code 'word1' & 'word2'}), or {@code null} when
     * the query has no word to search for (only particles, punctuation).
     */
    public static String query(String text) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return null;
        }
        StringBuilder q = new StringBuilder();
        for (String w : words) {
            if (!q.isEmpty()) {
                q.append(" & ");
            }
            q.append(lexeme(w));
        }
        return q.toString();
    }

    /** A word quoted as a tsvector or tsquery lexeme. */
    static String lexeme(String word) {
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
