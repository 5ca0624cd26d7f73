package netgrad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The house's floors, checked on the sources: every package of src/main/java/netgrad may use only the packages
 * its row of {@link #ALLOWED} names, and a row may name only packages of earlier rows, so data flows one way
 * (text → AST → plan → engines → comparison → report) and there are no cycles. The three engines (backprop/,
 * tape/, fd/) are peers that never use one another.
 * <p>To add a package: add its row after every package it uses. Rows for packages that do not exist (yet) are
 * harmless.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/netgrad");

    /** Package → the packages it may use. Each row may name only packages of the rows above it. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        // the ground floor: source text, positions, diagnostics; the matrix core
        allow("source");
        allow("linalg");
        // expressions of user-defined activations, and their compiled array loops (issue 13)
        allow("expr", "source");
        // text → AST
        allow("dsl", "source");
        // AST → plan, and the parameters and gradients of a plan
        allow("plan", "source", "expr", "dsl");
        allow("model", "linalg", "plan", "source");
        // files: .npz arrays and weights (named by the plan's quantities), IDX data sets
        allow("io", "linalg", "plan", "model");
        allow("data", "linalg", "io");
        // the problems the engines are run on (batches, examples; issue 10's problem/)
        allow("problem", "source", "expr", "linalg", "io", "data", "plan", "model");
        // the three peer engines: each uses the plan and the matrix core, never another engine
        allow("backprop", "source", "expr", "linalg", "plan", "model");
        allow("tape", "source", "expr", "linalg", "plan", "model");
        allow("fd", "source", "expr", "linalg", "plan", "model");
        // comparison and reports over the three engines; explanations and graphs above them
        allow("check", "source", "expr", "linalg", "io", "data", "plan", "model", "problem", "backprop", "tape", "fd");
        allow("explain", "source", "expr", "linalg", "io", "data", "plan", "model", "problem", "backprop", "tape", "fd",
                "check");
        allow("graph", "source", "expr", "linalg", "plan", "model", "tape");
        // a user's own answers checked against the verified engines, and the problems handed out for them
        allow("answer", "source", "expr", "linalg", "io", "plan", "model", "problem", "backprop", "check");
        allow("html", "source", "expr", "linalg", "plan", "model", "tape", "check", "explain", "graph", "answer");
        // training, benchmarks, and the commands on top
        allow("train", "source", "expr", "linalg", "io", "data", "plan", "model", "problem", "backprop", "tape");
        allow("bench", "source", "expr", "linalg", "io", "data", "plan", "model", "problem", "backprop", "tape", "fd",
                "check", "train", "answer");
        allow("export", "source", "expr", "linalg", "io", "data", "plan", "model", "train");
        allow("cli", "source", "expr", "linalg", "io", "data", "plan", "model", "problem", "backprop", "tape", "fd",
                "check", "explain", "graph", "html", "train", "bench", "export", "answer");
    }

    private static final Set<String> ENGINES = Set.of("backprop", "tape", "fd");

    private static void allow(String pkg, String... uses) {
        ALLOWED.put(pkg, new TreeSet<>(List.of(uses)));
    }

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        Map<String, Set<String>> uses = usesInSources();
        assertThat(uses).as("packages found under " + SOURCES).containsKeys("source", "dsl", "plan", "backprop", "tape");
        assertThat(violations(uses, ALLOWED)).isEmpty();
    }

    @Test
    void theTableItselfPointsOnlyDownwards() {
        assertThat(tableProblems(ALLOWED)).isEmpty();
    }

    @Test
    void theEnginesNeverUseOneAnother() {
        Map<String, Set<String>> uses = usesInSources();
        for (String engine : ENGINES) {
            assertThat(uses.getOrDefault(engine, Set.of())).as(engine + " uses").doesNotContainAnyElementsOf(ENGINES);
        }
    }

    @Test
    void dslNoLongerUsesPlan() {
        assertThat(usesInSources().get("dsl")).containsOnly("source");
    }

    @Test
    void aPlantedUpwardImportAndAnUnknownPackageAreReported() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("dsl", Set.of("source", "plan"));         // a floor up: dsl → plan
        uses.put("tape", Set.of("backprop"));              // one engine using another
        uses.put("widgets", Set.of("linalg"));             // a package the table does not know
        assertThat(violations(uses, ALLOWED)).containsExactly(
                "dsl uses plan, which is not below it (dsl may use: source)",
                "tape uses backprop, which is not below it (tape may use: expr, linalg, model, plan, source)",
                "package widgets is not in the table: add its row after the packages it uses");
    }

    @Test
    void aPlantedCycleOrUpwardRowInTheTableIsReported() {
        Map<String, Set<String>> table = new LinkedHashMap<>();
        table.put("source", Set.of());
        table.put("dsl", Set.of("source", "plan"));        // names a later row: would allow dsl ⇄ plan
        table.put("plan", Set.of("dsl"));
        table.put("cli", Set.of("cli"));                   // itself
        assertThat(tableProblems(table)).containsExactly(
                "dsl may use plan, which is not in a row above it",
                "cli may use cli, which is not in a row above it");
    }

    /** Every use in {@code uses} that {@code table} does not allow, as one sentence each. */
    static List<String> violations(Map<String, Set<String>> uses, Map<String, Set<String>> table) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : new TreeMap<>(uses).entrySet()) {
            String pkg = e.getKey();
            Set<String> allowed = table.get(pkg);
            if (allowed == null) {
                problems.add("package " + pkg + " is not in the table: add its row after the packages it uses");
                continue;
            }
            for (String used : new TreeSet<>(e.getValue())) {
                if (!used.equals(pkg) && !allowed.contains(used)) {
                    problems.add(pkg + " uses " + used + ", which is not below it (" + pkg + " may use: "
                            + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
        }
        return problems;
    }

    /** Rows that name a package not in an earlier row (which would let a cycle through). */
    static List<String> tableProblems(Map<String, Set<String>> table) {
        List<String> problems = new ArrayList<>();
        Set<String> above = new TreeSet<>();
        for (Map.Entry<String, Set<String>> row : table.entrySet()) {
            for (String used : new TreeSet<>(row.getValue())) {
                if (!above.contains(used)) {
                    problems.add(row.getKey() + " may use " + used + ", which is not in a row above it");
                }
            }
            above.add(row.getKey());
        }
        return problems;
    }

    // an import (static or not), or a fully qualified name in code, of another netgrad package
    private static final Pattern USE = Pattern.compile("\\bnetgrad\\.([a-z][a-z0-9_]*)\\.");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** Package → the other netgrad packages its sources name (imports and qualified names, comments left out). */
    static Map<String, Set<String>> usesInSources() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                String code = COMMENTS.matcher(Files.readString(file)).replaceAll(" ");
                code = code.replaceFirst("(?m)^package [^;]*;", "");
                Matcher m = USE.matcher(code);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) used.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }
}
