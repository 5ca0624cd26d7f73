package netgrad.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import netgrad.data.DataSets;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.plan.Training;

/**
 * A plan as one self-contained PyTorch script: the spec's constants, an {@code nn.Module} computing
 * a_k = b_k + W_k h_{k−1}, h_k = g_k(a_k) (with batch norm and dropout where the layer has them, {@link PythonLayers}),
 * a_L (each layer a comment with its formula), ŷ = O(a_L), the per-example
 * loss ℓ and netgrad's batch loss (1/B) Σ ℓ + (λ/2) Σ_k ‖W_k‖², the init, the optimizer with netgrad's update rule
 * ({@link PythonOptimizers}); then the part every spec shares (resource {@code runtime.py}: IDX data, netgrad's
 * SplittableRandom for the same split and shuffles, the training loop with netgrad's anneal, its kept epoch
 * (--keep best|last) and DistributedDataParallel, --check).
 * Everything is float64, as in netgrad.
 */
public final class PyTorchScript {
    private PyTorchScript() {}

    /** Column of the comments beside the forward pass. */
    private static final int COMMENT_COLUMN = 45;

    /**
     * The script for {@code plan}.
     *
     * @param source   the spec file, named in the header
     * @param training the training block (the spec's, or netgrad train's defaults when it has none)
     * @param fromSpec whether the training block is the spec's own
     * @param weights  the .npz the script starts from (absolute), or null for the spec's init
     */
    public static String render(Plan plan, Path source, Training training, boolean fromSpec, Path weights) {
        StringBuilder s = new StringBuilder();
        s.append(header(plan, source, training));
        s.append(constants(plan, training, fromSpec, weights)).append("\n\n");
        s.append(PythonExpr.definitions(plan));
        s.append(PythonLayers.classes(plan));
        s.append(module(plan)).append("\n\n");
        s.append(output(plan.output().function())).append("\n\n");
        s.append(loss(plan.output().function(), plan.loss())).append("\n\n");
        s.append("""
                def decay_term(model):
                    \"""(λ/2) Σ_k ‖W_k‖²: the weights only, biases are not decayed.\"""
                    return DECAY / 2 * sum((layer.weight ** 2).sum() for layer in linear_layers(model))


                def batch_loss(model, a_L, y):
                    \"""netgrad's batch loss L: the mean over the B examples of ℓ, plus the decay.\"""
                    return example_losses(a_L, y).mean() + decay_term(model)


                """);
        s.append(init(plan.init())).append("\n\n");
        s.append(PythonOptimizers.render(training.optimizer().kind()));
        s.append(runtime());
        return s.toString();
    }

    private static String header(Plan plan, Path source, Training training) {
        String spec = source.toString();
        return "#!/usr/bin/env python3\n"
                + "\"\"\"" + plan.name() + " in PyTorch, exported from " + spec + "\nby `netgrad export --to pytorch`.\n\n"
                + "The network, its loss, init and optimizer follow netgrad's conventions exactly (docs/export.md):\n"
                + "the batch loss is the mean over the batch of the per-example loss plus (λ/2) Σ_k ‖W_k‖² (biases\n"
                + "are not decayed), computed in float64. Each layer's formula is a comment beside its line.\n\n"
                + "  python3 model.py                     train on " + training.dataset() + " (as netgrad train)\n"
                + "  python3 model.py --device cuda       the same on a GPU\n"
                + (normalises(plan)
                        ? "  (no --distributed: batch norm's statistics are the whole batch's, which DDP would split)\n"
                        : "  torchrun --nproc_per_node 2 model.py --distributed\n"
                        + "                                       DistributedDataParallel over 2 processes\n")
                + "  python3 model.py --check dump.npz    autograd's gradients against netgrad's backprop\n"
                + "                                       (dump.npz from: netgrad verify SPEC --dump dump.npz)\n"
                + "\"\"\"\n"
                + """
                import argparse
                import gzip
                import math
                import os
                import sys
                import tempfile
                import time

                import numpy as np
                import torch
                import torch.distributed as dist
                import torch.nn as nn
                import torch.nn.functional as F
                from torch.nn.parallel import DistributedDataParallel as DDP

                torch.set_default_dtype(torch.float64)   # netgrad computes in double precision

                """;
    }

    /** Whether a layer of the plan has batch normalisation. */
    static boolean normalises(Plan plan) {
        for (int k = 1; k < plan.depth(); k++) {
            if (plan.batchNorm(k)) {
                return true;
            }
        }
        return false;
    }

    private static String constants(Plan plan, Training t, boolean fromSpec, Path weights) {
        StringJoiner sizes = new StringJoiner(", ", "[", "]");
        for (int k = 0; k <= plan.depth(); k++) {
            sizes.add(Integer.toString(plan.units(k)));
        }
        StringBuilder s = new StringBuilder("# --- the spec ").append("-".repeat(85)).append("\n");
        s.append(line("NAME = " + string(plan.name()), ""));
        s.append(line("SIZES = " + sizes, "n_0 .. n_L"));
        s.append(line("DECAY = " + number(plan.weightDecay()), "λ"));
        s.append(line("SEED = " + plan.init().seed(), "the init's seed, also netgrad train's default seed"));
        s.append(line("WEIGHTS = " + (weights == null ? "None" : string(weights.toString())),
                weights == null ? "no --weights: the init below" : "export --weights: exact W_k, b_k"));
        s.append(fromSpec ? "# training: the spec's train { } block\n"
                : "# training: the spec has no train { } block, so netgrad train's defaults\n");
        s.append(line("DATASET = " + string(t.dataset()), ""));
        s.append(line("DATA_DIR = " + string(DataSets.defaultDir(t.dataset()).toString()), ""));
        s.append(line("OPTIMIZER = " + string(t.optimizer().kind().keyword()), ""));
        s.append(line("LEARNING_RATE = " + number(t.learningRate()), "η"));
        s.append(PythonOptimizers.constants(t.optimizer()));
        s.append(line("BATCH_SIZE = " + t.batchSize(), "B"));
        s.append(line("EPOCHS = " + t.epochs(), ""));
        s.append(line("VALIDATION = " + number(t.validationFraction()), "fraction of the training set held out"));
        s.append(line("ANNEAL = " + (t.anneal() ? "True" : "False"), t.anneal()
                ? "η ← η/2 after an epoch whose validation loss went up" : "η stays (anneal true halves it)"));
        s.append(PythonLayers.constants(plan));
        return s.toString();
    }

    private static String module(Plan plan) {
        boolean couples = plan.couplesExamples();
        StringBuilder s = new StringBuilder("""
                class Net(nn.Module):
                    \"""a_k = b_k + W_k h_{k−1} for k = 1..L (h_0 = x), h_k = g_k(a_k) for k < L, ŷ = O(a_L).
                    PyTorch keeps one example per row, so each nn.Linear computes the transpose
                    a_kᵀ = h_{k−1}ᵀ W_kᵀ + b_kᵀ; its weight is W_k itself (n_k × n_{k−1}), its bias b_k.""");
        if (couples) {
            s.append("\n\n"
                    + "    In a layer with batch norm, g acts on â_k = γ_k ⊙ (a_k − μ_k)/√(σ²_k + ε) + β_k (BatchNorm);\n"
                    + "    b_k is kept, as in netgrad, though the mean subtraction cancels it (∇b_k = 0). Dropout\n"
                    + "    follows g: h_k = m_k ⊙ g(·)/(1 − p) (Dropout). model.train() (the default) normalises\n"
                    + "    with the batch's μ_k, σ²_k and drops; model.eval() uses the running μ̄_k, σ̄²_k and keeps\n"
                    + "    every unit, as netgrad's evaluate.");
        }
        s.append("\"\"\"\n\n    def __init__(self):\n        super().__init__()\n");
        for (Layer layer : plan.layers()) {
            int k = layer.k();
            s.append(code(8, "self.layer" + k + " = nn.Linear(" + layer.fanIn() + ", " + layer.units() + ")",
                    "W_" + k + ": " + layer.units() + "×" + layer.fanIn() + ", b_" + k + ": " + layer.units()));
            if (layer instanceof Layer.Hidden hidden) {
                s.append(PythonLayers.declare(hidden));
            }
        }
        s.append("\n    def forward(self, x, keep=None, masks=None):\n");
        s.append(couples
                ? "        \"\"\"a_L for a batch x of B × n_0; the dict keep, if given, receives every a_k, â_k and h_k.\n"
                        + "        masks: dropout's m_k by layer k (B × n_k tensors of 0 and 1) for training mode.\"\"\"\n"
                : "        \"\"\"a_L for a batch x of B × n_0; the dict keep, if given, receives every a_k and h_k.\n"
                        + "        masks: dropout's m_k by layer k in training mode (no layer has dropout here).\"\"\"\n");
        s.append("        h0 = x\n");
        List<String> kept = new ArrayList<>();
        for (Layer layer : plan.layers()) {
            int k = layer.k();
            String a = Quantity.a(k).label();                  // the Python names are the plan's labels: a3, h2
            String hBelow = Quantity.h(k - 1).label();
            s.append(code(8, a + " = self.layer" + k + "(" + hBelow + ")", Quantity.a(k).text() + " = "
                    + layer.bias().text() + " + " + layer.weight().text() + " " + Quantity.h(k - 1).text()));
            kept.add(a + "=" + a);
            if (layer instanceof Layer.Hidden hidden) {
                s.append(PythonLayers.forward(hidden, kept));
            }
        }
        s.append("        if keep is not None:\n");
        s.append(wrap("            keep.update(", String.join(", ", kept), ")"));
        s.append(code(8, "return " + Quantity.a(plan.depth()).label(), "ŷ = O(a_L) is output(a_L)"));
        return s.toString();
    }

    /** g applied to the tensor named {@code a}, as netgrad defines it (g′(0) included). */
    static String activation(Activation g, String a) {
        return switch (g.kind()) {
            case LOGISTIC -> "torch.sigmoid(" + a + ")";
            case TANH -> "torch.tanh(" + a + ")";
            case RELU -> "torch.relu(" + a + ")";
            case LEAKY_RELU -> "F.leaky_relu(" + a + ", " + number(Activation.slope(g)) + ")";
            case IDENTITY -> a;
            // written out: F.softplus returns z itself above its threshold 20, where netgrad's g′ = σ(z) ≠ 1
            case SOFTPLUS -> "torch.relu(" + a + ") + torch.log1p(torch.exp(-" + a + ".abs()))";
            // the definition itself, from elementwise torch operations: autograd differentiates it
            case DEFINED -> PythonExpr.function(((Activation.Defined) g).definition()) + "(" + a + ")";
        };
    }

    /** The comment naming g and its formula. */
    static String formula(Activation g) {
        return switch (g.kind()) {
            case LOGISTIC -> "logistic: 1/(1 + e^(−z))";
            case TANH -> "tanh z";
            case RELU -> "relu: max(z, 0), g′(0) = 0";
            case LEAKY_RELU -> "leaky_relu: z if z > 0 else " + number(Activation.slope(g)) + "·z";
            case IDENTITY -> "identity: z";
            case SOFTPLUS -> "softplus: log(1 + e^z) = max(z, 0) + log(1 + e^−|z|)";
            case DEFINED -> g.keyword() + ", defined in the spec (" + PythonExpr.function(((Activation.Defined) g)
                    .definition()) + " above)";
        };
    }

    private static String output(OutputFunction o) {
        String body = switch (o) {
            case SOFTMAX -> "softmax: ŷ_i = e^(a_i) / Σ_j e^(a_j) for each example (row).\"\"\"\n"
                    + "    return torch.softmax(a_L, dim=1)\n";
            case LOGISTIC -> "logistic: ŷ_i = 1/(1 + e^(−a_i)), each unit on its own.\"\"\"\n"
                    + "    return torch.sigmoid(a_L)\n";
            case IDENTITY -> "identity: ŷ = a_L.\"\"\"\n    return a_L\n";
        };
        return "def output(a_L):\n    \"\"\"ŷ = O(a_L), " + body;
    }

    private static String loss(OutputFunction o, Loss loss) {
        String head = "def example_losses(a_L, y):\n    \"\"\"ℓ(ŷ, y) of each example (a vector of B), ";
        if (o == OutputFunction.SOFTMAX && loss == Loss.CROSS_ENTROPY) {
            return head + "cross_entropy: ℓ = −Σ_i y_i log ŷ_i, where\n"
                    + "    log ŷ_i = a_i − log Σ_j e^(a_j) (log_softmax: finite for any a_L, as netgrad computes it).\"\"\"\n"
                    + "    return -(y * torch.log_softmax(a_L, dim=1)).sum(dim=1)\n";
        }
        if (o == OutputFunction.LOGISTIC && loss == Loss.BINARY_CROSS_ENTROPY) {
            return head + "binary_cross_entropy:\n"
                    + "    ℓ = −Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)], on the logits as netgrad computes it:\n"
                    + "    max(a, 0) − y·a + log(1 + e^−|a|) per unit; its gradient is σ(a) − y.\"\"\"\n"
                    + "    return F.binary_cross_entropy_with_logits(a_L, y, reduction=\"none\").sum(dim=1)\n";
        }
        if (loss == Loss.SQUARED_ERROR) {
            return head + "squared_error:\n    ℓ = ½ Σ_i (ŷ_i − y_i)², ŷ = O(a_L).\"\"\"\n"
                    + "    return 0.5 * ((output(a_L) - y) ** 2).sum(dim=1)\n";
        }
        if (loss == Loss.BINARY_CROSS_ENTROPY) {   // on ŷ itself: the compiler allows it only with logistic
            return head + "binary_cross_entropy: ℓ = −Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)].\"\"\"\n"
                    + "    return F.binary_cross_entropy(output(a_L), y, reduction=\"none\").sum(dim=1)\n";
        }
        return head + "cross_entropy: ℓ = −Σ_i y_i log ŷ_i.\"\"\"\n"
                + "    return -(y * torch.log(output(a_L))).sum(dim=1)\n";
    }

    private static String init(Init init) {
        String sigma = switch (init.scheme()) {
            case RANDOM -> number(init.scale());
            case XAVIER -> "math.sqrt(2 / (SIZES[k - 1] + SIZES[k]))";
            case HE -> "math.sqrt(2 / SIZES[k - 1])";
            case ZEROS -> "";
        };
        String law = switch (init.scheme()) {
            case RANDOM -> "σ = " + number(init.scale());
            case XAVIER -> "σ_k = √(2 / (n_{k−1} + n_k))";
            case HE -> "σ_k = √(2 / n_{k−1})";
            case ZEROS -> "";
        };
        if (init.scheme() == Init.Scheme.ZEROS) {
            return "def initialise(model, generator):\n"
                    + "    \"\"\"zeros: W_k = 0, b_k = 0, exactly netgrad's (no unit can ever differ from its "
                    + "neighbours).\"\"\"\n"
                    + "    with torch.no_grad():\n"
                    + "        for layer in linear_layers(model):\n"
                    + "            layer.weight.zero_()\n"
                    + "            layer.bias.zero_()\n";
        }
        return "def initialise(model, generator):\n"
                + "    \"\"\"" + init.scheme().keyword() + ": W_k ~ N(0, σ_k²), " + law + "; b_k = 0. The same distribution as\n"
                + "    netgrad, other numbers (netgrad draws from commons-math3's Well19937c); to start from\n"
                + "    netgrad's own initial weights: netgrad verify SPEC --dump W.npz, then export --weights W.npz.\"\"\"\n"
                + "    with torch.no_grad():\n"
                + "        for k, layer in enumerate(linear_layers(model), start=1):\n"
                + "            layer.weight.normal_(0.0, " + sigma + ", generator=generator)\n"
                + "            layer.bias.zero_()\n";
    }

    private static String runtime() {
        try (InputStream in = PyTorchScript.class.getResourceAsStream("runtime.py")) {
            if (in == null) {
                throw new IllegalStateException("netgrad/export/runtime.py is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code code} indented, then {@code # comment} at the comment column (after two spaces when the code is
     * longer); on a line of its own above the code when both together would pass 100 columns.
     */
    static String code(int indent, String code, String comment) {
        String text = " ".repeat(indent) + code;
        if (comment.isEmpty()) {
            return text + "\n";
        }
        int pad = Math.max(2, COMMENT_COLUMN - text.length());
        if (text.length() + pad + 2 + comment.length() > 100) {
            return " ".repeat(indent) + "# " + comment + "\n" + text + "\n";
        }
        return text + " ".repeat(pad) + "# " + comment + "\n";
    }

    /** A top-level assignment with its comment. */
    private static String line(String assignment, String comment) {
        return comment.isEmpty() ? assignment + "\n" : code(0, assignment, comment);
    }

    /** prefix + items + suffix, broken after commas so no line passes 100 columns. */
    private static String wrap(String prefix, String items, String suffix) {
        StringBuilder s = new StringBuilder(prefix);
        int column = prefix.length();
        String indent = " ".repeat(prefix.length());
        String[] parts = items.split(", ");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i] + (i < parts.length - 1 ? "," : suffix);
            if (i > 0 && column + 1 + part.length() > 100) {
                s.append("\n").append(indent);
                column = indent.length();
            } else if (i > 0) {
                s.append(' ');
                column++;
            }
            s.append(part);
            column += part.length();
        }
        return s.append("\n").toString();
    }

    /** A Python string literal (specs' names and paths; backslashes and quotes escaped). */
    static String string(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A double as a Python literal that reads back as the same double: 0.0005 rather than 5.0E-4. */
    static String number(double x) {
        String plain = BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        if (plain.length() <= 8) {
            return plain.contains(".") ? plain : plain + ".0";
        }
        String java = Double.toString(x);                                  // 1.0E-8: Python reads it as it is
        return java.replace(".0E", "E").replace("E", "e");
    }
}
