package netgrad.source;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Did-you-mean suggestions: the known word closest to a misspelt one by optimal-string-alignment
 * distance (Levenshtein plus swaps of neighbours, ignoring case), if it is close enough to be a typo.
 */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate nearest to {@code word}, when its distance is at most max(1, ⌊len/3⌋) of the shorter
     * word (so 'sigmod' → 'sigmoid', 'tahn' → 'tanh', but 'xx' suggests nothing). Ties go to the first.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            int allowed = Math.max(1, Math.min(word.length(), candidate.length()) / 3);
            if (d <= allowed && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " (did you mean 'x'?)" for the closest candidate, or {@code otherwise} when nothing is close. */
    public static String didYouMean(String word, Collection<String> candidates, String otherwise) {
        return closest(word, candidates).map(Suggestions::didYouMean).orElse(otherwise);
    }

    /** " (did you mean 'x'?)". */
    public static String didYouMean(String candidate) {
        return " (did you mean '" + candidate + "'?)";
    }

    /** Edits (insert, delete, substitute, swap two neighbours) turning {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
