package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import netgrad.answer.Handout;
import netgrad.linalg.Matrix;
import netgrad.plan.Plan;
import netgrad.problem.BatchMaker;
import netgrad.problem.Layout;
import netgrad.problem.ProblemFile;

/** {@code netgrad problem SPEC -o problem.npz}: a problem for a user's own backprop, checked to be conclusive. */
@Command(name = "problem", mixinStandardHelpOptions = true, footer = ExitCodes.FOOTER,
        description = {"Write a problem to solve with your own backprop: W1, b1, …, WL, bL, x, y in an .npz "
                        + "(with batch norm also gamma_k, beta_k, eps_k; with dropout the masks m_k and p_k).",
                "Check your answer with: netgrad verify SPEC --problem problem.npz --gradients mine.npz"})
public final class ProblemCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .net spec file")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.npz", description = "where to write the problem")
    Path output;

    @Option(names = "--batch", paramLabel = "B", description = "examples, 1 to " + BatchMaker.MAX_EXAMPLES + " (default: ${DEFAULT-VALUE})")
    int examples = BatchMaker.DEFAULT_EXAMPLES;

    @Option(names = "--seed", paramLabel = "S", description = "seeds the biases and the batch (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--layout", paramLabel = "L", description = "lecture (W_k n_k×n_{k−1}, examples as columns) or rows "
            + "(W_k n_{k−1}×n_k, examples as rows, x @ W + b) (default: ${DEFAULT-VALUE})")
    String layoutName = "lecture";

    @Override
    public Integer call() {
        Layout layout = Layout.named(layoutName);
        if (layout == null) {
            throw new ParameterException(spec.commandLine(), "--layout must be lecture or rows, not '" + layoutName + "'");
        }
        if (examples < 1 || examples > BatchMaker.MAX_EXAMPLES) {
            throw new ParameterException(spec.commandLine(), "--batch must be a whole number from 1 to "
                    + BatchMaker.MAX_EXAMPLES + ", not " + examples);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Plan plan = SpecFiles.load(file, err);
        if (plan == null) {
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        if (layout == Layout.ROWS && ambiguous(plan, examples)) {
            err.println("netgrad problem: with B = n_0 = " + examples + " and every W_k square the rows layout cannot be "
                    + "told from the lecture's; choose another --batch");
            err.flush();
            return ExitCodes.USAGE;
        }
        Handout.Result handout = Handout.draw(plan, examples, seed);
        if (handout.batch() == null) {
            err.println("netgrad problem: no conclusive problem in " + handout.draws() + " batches of " + examples + ": "
                    + handout.refusal() + "; try another --batch or --seed");
            err.flush();
            return ExitCodes.FAILED;
        }
        try {
            ProblemFile.write(output, plan, handout.theta(), handout.batch(), layout);
        } catch (IOException e) {
            err.println("netgrad problem: cannot write " + output + ": " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        out.print(describe(plan, ProblemFile.arrays(plan, handout.theta(), handout.batch(), layout), layout, handout));
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean ambiguous(Plan plan, int examples) {
        for (int k = 1; k <= plan.depth(); k++) {
            if (plan.units(k) != plan.units(k - 1)) {
                return false;
            }
        }
        return examples == plan.inputSize();
    }

    private String describe(Plan plan, Map<String, Matrix> arrays, Layout layout, Handout.Result handout) {
        boolean rows = layout == Layout.ROWS;
        int depth = plan.depth();
        StringBuilder s = new StringBuilder();
        s.append("wrote ").append(output).append("\n").append("a problem for ").append(plan.name()).append(", ")
                .append(layout.keyword()).append(" layout, B = ").append(examples).append(" examples")
                .append(handout.draws() > 1 ? " (batch drawn " + handout.draws() + " times to be conclusive)" : "")
                .append("\n\n");
        java.util.Set<String> vectors = ProblemFile.vectors(plan, layout);
        java.util.Set<String> scalars = ProblemFile.scalars(plan);
        int width = Math.max(4, arrays.keySet().stream().mapToInt(String::length).max().orElse(4));
        String row = "  %-" + width + "s %-" + Math.max(10, 16 - width) + "s %s%n";
        for (Map.Entry<String, Matrix> e : arrays.entrySet()) {
            String name = e.getKey();
            Matrix m = e.getValue();
            String shape = scalars.contains(name) ? "()" : vectors.contains(name) ? "(" + m.size() + ",)"
                    : "(" + m.rows + ", " + m.cols + ")";
            s.append(String.format(row, name, shape, meaning(plan, name, rows)));
        }
        s.append("\nConventions: loss L = mean over the B examples of ℓ(ŷ, y)")
                .append(plan.weightDecay() > 0 ? "\n  + (λ/2) Σ_k ‖W_k‖², λ = " + plan.weightDecay() + " (biases not decayed)" : "")
                .append(";\n  ")
                .append(rows ? "a_k = h_{k−1} @ W_k + b_k (examples as rows)" : "a_k = W_k h_{k−1} + b_k (examples as columns)")
                .append(",\n  h_k = ").append(depth > 1 ? hidden(plan) : "-").append(", ŷ = ")
                .append(plan.output().function().keyword()).append("(a_").append(depth).append("), loss ")
                .append(plan.loss().keyword()).append(plan.loss().keyword().equals("squared_error") ? " (½Σ(ŷ − y)²)" : "")
                .append(".\n");
        s.append(operations(plan));
        s.append("\nIn NumPy:\n");
        s.append("  import numpy as np\n");
        s.append("  p = np.load(\"").append(output.getFileName()).append("\")\n");
        s.append("  W = [p[f\"W{k}\"] for k in range(1, ").append(depth + 1).append(")]; b = [p[f\"b{k}\"] for k in range(1, ")
                .append(depth + 1).append(")]\n");
        s.append("  x, y = p[\"x\"], p[\"y\"]\n");
        String bn = layers(plan, true);
        String drop = layers(plan, false);
        if (!bn.isEmpty()) {
            s.append("  gamma = {k: p[f\"gamma{k}\"] for k in ").append(bn).append("}; beta = {k: p[f\"beta{k}\"] for k in ")
                    .append(bn).append("}\n");
            s.append("  eps = {k: float(p[f\"eps{k}\"]) for k in ").append(bn).append("}\n");
        }
        if (!drop.isEmpty()) {
            s.append("  m = {k: p[f\"m{k}\"] for k in ").append(drop).append("}; drop = {k: float(p[f\"p{k}\"]) for k in ")
                    .append(drop).append("}\n");
        }
        s.append("  # ... your forward and backward pass ...\n");
        s.append("  np.savez(\"mine.npz\", dW1=dW1, db1=db1)   # any of dW_k, db_k, da_k, dh_k, a_k, h_k, yhat, loss\n");
        if (plan.couplesExamples()) {
            s.append("  # with batch norm also dgamma_k, dbeta_k, dahat_k and mu_k, var_k, xhat_k, ahat_k\n");
        }
        s.append("Then:\n  netgrad verify ").append(file).append(" --problem ").append(output).append(" \\\n")
                .append("      --gradients mine.npz\n");
        return s.toString();
    }

    /** h_k = … in the lecture's notation, with the operations of the network's hidden layers. */
    private static String hidden(Plan plan) {
        boolean bn = !layers(plan, true).isEmpty();
        boolean drop = !layers(plan, false).isEmpty();
        String g = bn ? "g(â_k)" : "g(a_k)";
        return drop ? g + " (⊙ m_k/(1 − p_k) with dropout)" : g;
    }

    /** The conventions of batch norm and dropout, when the network has them. */
    private static String operations(Plan plan) {
        StringBuilder s = new StringBuilder();
        String bn = layers(plan, true);
        String drop = layers(plan, false);
        if (!bn.isEmpty()) {
            s.append("Batch norm in layers ").append(bn).append(": â_k = γ_k ⊙ (a_k − μ_k)/√(σ²_k + ε_k) + β_k, μ_k and\n")
                    .append("  σ²_k the mean and the biased variance (divided by B) of a_k over the batch, per unit;\n")
                    .append("  g acts on â_k; b_k cancels in a_k − μ_k, so ∇b_k = 0.\n");
        }
        if (!drop.isEmpty()) {
            s.append("Dropout in layers ").append(drop).append(" (inverted, training mode): h_k = m_k ⊙ g(·)/(1 − p_k) with\n")
                    .append("  the masks m_k given (0 drops a unit of one example; the same m_k in backward).\n");
        }
        return s.toString();
    }

    /** "(1, 2)": the hidden layers with batch norm ({@code bn}) or dropout, as a Python tuple; "" for none. */
    private static String layers(Plan plan, boolean bn) {
        java.util.List<String> ks = new java.util.ArrayList<>();
        for (int k = 1; k < plan.depth(); k++) {
            if (bn ? plan.batchNorm(k) : plan.dropout(k) > 0) ks.add(String.valueOf(k));
        }
        return ks.isEmpty() ? "" : "(" + String.join(", ", ks) + (ks.size() == 1 ? ",)" : ")");
    }

    /** 0.00001, 0.25: the shortest decimal of a spec's number. */
    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString().replace('E', 'e');
    }

    private static String meaning(Plan plan, String name, boolean rows) {
        int depth = plan.depth();
        String per = rows ? "one example per row" : "one example per column";
        java.util.regex.Matcher op = java.util.regex.Pattern.compile("(gamma|beta|eps|m|p)(\\d+)").matcher(name);
        if (op.matches()) {
            int k = Integer.parseInt(op.group(2));
            return switch (op.group(1)) {
                case "gamma" -> "γ_" + k + ", batch norm's scale in hidden layer " + k;
                case "beta" -> "β_" + k + ", batch norm's shift in hidden layer " + k;
                case "eps" -> "ε of layer " + k + "'s batch norm (" + number(plan.batchNormEps(k)) + ")";
                case "m" -> "m_" + k + ", dropout's 0/1 mask of hidden layer " + k + ", " + per;
                default -> "p of layer " + k + "'s dropout (" + number(plan.dropout(k)) + ")";
            };
        }
        if (name.equals("x")) {
            return "the inputs h_0, " + (rows ? "one example per row" : "one example per column");
        }
        if (name.equals("y")) {
            return plan.output().function().keyword().equals("softmax") ? "the targets, one-hot e(y), "
                    + (rows ? "one example per row" : "one example per column")
                    : "the targets, " + (rows ? "one example per row" : "one example per column");
        }
        int k = Integer.parseInt(name.substring(1));
        String layer = k == depth ? "the output layer" : "hidden layer " + k;
        return name.startsWith("W") ? "W_" + k + ", the weights of " + layer + (rows ? " (n_{k−1} × n_k)" : " (n_k × n_{k−1})")
                : "b_" + k + ", the biases of " + layer;
    }
}
