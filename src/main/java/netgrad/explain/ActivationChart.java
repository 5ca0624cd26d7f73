package netgrad.explain;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import netgrad.backprop.Activations;
import netgrad.check.DerivativeClaims;
import netgrad.expr.Definition;
import netgrad.expr.Expr;
import netgrad.linalg.Matrix;
import netgrad.plan.Activation;
import netgrad.plan.Layer;
import netgrad.plan.Plan;
import netgrad.tape.Composites;
import netgrad.tape.Node;
import netgrad.tape.Tape;

/**
 * {@code explain --activation NAME -o FILE.png} (issue 13): g, backprop's g′ (for a user-defined g, the
 * derivative its author wrote) and the tape's g′ (recorded from g's elementary operations, never from the
 * author's g′) over z ∈ [−10, 10], so a wrong derivative is visible at a glance. The points where the two
 * derivatives part (|yours − tape| &gt; ABS + REL·max(|yours|, |tape|), the tolerance of {@code check}'s
 * derivative check) are marked, and the title gives the largest difference and where it is.
 */
public final class ActivationChart {
    private ActivationChart() {}

    /** The interval drawn and its number of points (step 0.025). */
    static final double RANGE = 10.0;
    static final int POINTS = 801;
    /** |yours − tape| ≤ ABS + REL·max(|yours|, |tape|) counts as agreement, as in check's derivative check. */
    static final double ABS = 1e-8, REL = 1e-6;
    /** On the chart, one parting point in this many is marked. */
    static final int MARK_EVERY = 16;
    /** A point this close to a kink (relu's 0, a zero of an abs/max/min argument) is not compared. */
    static final double ON_KINK = 1e-9;

    /**
     * The curves, one value per z; NaN where a value is not finite or the point is on a kink (not compared).
     *
     * @param name      the activation's name as the spec writes it
     * @param defined   true for a user-defined g (yours is then its author's g′)
     * @param z         the points, from −RANGE to RANGE
     * @param g         g(z)
     * @param yours     backprop's g′(z): the author's derivative for a user-defined g, the hand-derived one otherwise
     * @param tape      the tape's g′(z)
     * @param parted    the indices where yours and tape disagree
     * @param largest   the index of the largest |yours − tape| among compared points, or −1 if none compared
     */
    public record Curves(String name, boolean defined, double[] z, double[] g, double[] yours, double[] tape,
                         List<Integer> parted, int largest) {
        /** The largest |yours − tape| among the compared points (0 when none were compared). */
        public double largestDifference() {
            return largest < 0 ? 0.0 : Math.abs(yours[largest] - tape[largest]);
        }

        public boolean agree() {
            return parted.isEmpty();
        }

        /** One line for stdout, at most 100 columns: the title, or only the verdict when a long name overflows it. */
        public String summary() {
            String t = title();
            return t.length() <= 100 ? t : name + (agree() ? ": g′ agrees with the tape's" : ": g′ parts from the tape's");
        }

        /** The chart's title: the verdict and the largest difference. */
        public String title() {
            String diff = largest < 0 ? "" : "largest difference " + number(largestDifference()) + " at z = "
                    + number(z[largest]);
            return name + (agree() ? ": g′ agrees with the tape's; " : ": g′ parts from the tape's at "
                    + parted.size() + " of " + z.length + " points; ") + diff;
        }
    }

    /**
     * The activations the chart can draw for {@code plan}, by name: those its hidden layers use (each
     * user-defined one, and the definitions those use, with their author's g′), then every built-in.
     */
    public static Map<String, Activation> available(Plan plan) {
        Map<String, Activation> found = new LinkedHashMap<>();
        for (Definition d : DerivativeClaims.definitions(plan)) {
            found.put(d.name(), new Activation.Defined(d));
        }
        for (Layer layer : plan.layers()) {
            if (layer instanceof Layer.Hidden h) {
                found.putIfAbsent(h.activation().keyword(), h.activation()); // leaky_relu with the spec's slope
            }
        }
        for (Activation.Kind kind : Activation.Kind.values()) {
            if (kind != Activation.Kind.DEFINED) {
                for (String alias : kind.names()) {
                    found.putIfAbsent(alias, kind.make(0.01)); // leaky_relu's default slope
                }
            }
        }
        return found;
    }

    /** The activation {@code name} names for {@code plan}, or null if the chart cannot draw it. */
    public static Activation named(Plan plan, String name) {
        return available(plan).get(name);
    }

    /** The names of the activations {@code plan} defines (those its layers use, and those they use). */
    public static List<String> defined(Plan plan) {
        return DerivativeClaims.definitions(plan).stream().map(Definition::name).toList();
    }

    /** The built-in activations' keywords, in the order messages list them. */
    public static List<String> builtIn() {
        List<String> names = new ArrayList<>();
        for (Activation.Kind kind : Activation.Kind.values()) {
            if (kind != Activation.Kind.DEFINED) {
                names.add(kind.keyword());
            }
        }
        return names;
    }

    /** The curves of {@code g} on the chart's grid. */
    public static Curves of(String name, Activation g) {
        double[] z = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            z[i] = -RANGE + 2 * RANGE * i / (POINTS - 1);                 // exact 0 at the middle
        }
        Matrix a = row(z);
        Matrix h = Activations.apply(g, a, new Matrix(1, POINTS));
        Matrix yours = Activations.derivative(g, a, h, new Matrix(1, POINTS));
        double[] tape = tapeDerivative(g, z);
        double[] gv = h.data.clone(), yv = yours.data.clone();
        List<Integer> parted = new ArrayList<>();
        int largest = -1;
        for (int i = 0; i < POINTS; i++) {
            if (onKink(g, z[i]) || !Double.isFinite(gv[i]) || !Double.isFinite(tape[i])) {
                tape[i] = Double.NaN;                                     // not compared, and not drawn
                continue;
            }
            double diff = Math.abs(yv[i] - tape[i]);
            if (!(diff <= ABS + REL * Math.max(Math.abs(yv[i]), Math.abs(tape[i])))) {
                parted.add(i);                                            // NaN in yours counts as parting
            }
            if (largest < 0 || diff > Math.abs(yv[largest] - tape[largest]) || Double.isNaN(diff)) {
                largest = i;
            }
        }
        return new Curves(name, g.kind() == Activation.Kind.DEFINED, z, gv, yv, tape, List.copyOf(parted), largest);
    }

    /** The chart as PNG bytes: g, your g′ and the tape's g′ as lines, the parting points as red dots. */
    public static byte[] png(Curves c) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(c.title()).xAxisTitle("z")
                .yAxisTitle("value").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#0.##");
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setXAxisMin(-RANGE);
        chart.getStyler().setXAxisMax(RANGE);
        String yoursName = c.name() + "′ " + (c.defined() ? "as you wrote it" : "from backprop")
                + (c.agree() || !c.defined() ? "" : " (wrong)");   // the tape is the reference only for a definition
        line(chart, c.name() + "(z)", c.z(), c.g(), new Color(0x44, 0x44, 0x44));
        line(chart, c.name() + "′ from the tape", c.z(), c.tape(), new Color(0x1f, 0x77, 0xb4));
        XYSeries mine = line(chart, yoursName, c.z(), c.yours(), new Color(0xff, 0x7f, 0x0e));
        mine.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_ROUND,
                10f, new float[] {6f, 4f}, 0f));                         // dashed, so the tape's line shows under it
        if (!c.agree()) {
            List<Integer> marks = new ArrayList<>();                    // every MARK_EVERY-th parting point, so the
            for (int k = 0; k < c.parted().size(); k += MARK_EVERY) {   // dashed line stays visible between dots
                marks.add(c.parted().get(k));
            }
            if (c.largest() >= 0 && !marks.contains(c.largest())) {
                marks.add(c.largest());
            }
            double[] px = new double[marks.size()], py = new double[marks.size()];
            for (int k = 0; k < px.length; k++) {
                px[k] = c.z()[marks.get(k)];
                py[k] = finiteOr0(c.yours()[marks.get(k)]);
            }
            XYSeries dots = chart.addSeries("where they part: " + partedRanges(c), px, py);
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(SeriesMarkers.CIRCLE);
            dots.setMarkerColor(new Color(0xd6, 0x27, 0x28));
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        return s;
    }

    /** dg/dz at each z from the tape: z as a 1×n parameter, L = Σ_i g(z_i), so ∂L/∂z_i = g′(z_i). */
    static double[] tapeDerivative(Activation g, double[] z) {
        Tape t = new Tape();
        Node zn = t.parameter(row(z), "z");
        t.backward(t.sumAll(Composites.activation(t, g, zn)));
        return zn.grad().data.clone();
    }

    /** True where g has a kink: relu's and leaky_relu's 0, a zero of a user definition's abs/max/min argument. */
    static boolean onKink(Activation g, double z) {
        return switch (g.kind()) {
            case RELU, LEAKY_RELU -> Math.abs(z) < ON_KINK;
            case LOGISTIC, TANH, IDENTITY, SOFTPLUS -> false;
            case DEFINED -> {
                for (Expr kink : ((Activation.Defined) g).definition().body().kinks()) {
                    if (Math.abs(kink.at(z)) < ON_KINK) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    private static Matrix row(double[] z) {
        Matrix m = new Matrix(1, z.length);
        System.arraycopy(z, 0, m.data, 0, z.length);
        return m;
    }

    /** The z intervals where the derivatives part, e.g. "z in [-10, -0.025] and [0.025, 10]" (at most 3 listed). */
    static String partedRanges(Curves c) {
        List<String> ranges = new ArrayList<>();
        List<Integer> p = c.parted();
        int start = 0;
        for (int k = 1; k <= p.size(); k++) {
            if (k == p.size() || p.get(k) != p.get(k - 1) + 1) {
                double from = c.z()[p.get(start)], to = c.z()[p.get(k - 1)];
                ranges.add(from == to ? number(from) : "[" + number(from) + ", " + number(to) + "]");
                start = k;
            }
        }
        String shown = String.join(", ", ranges.subList(0, Math.min(3, ranges.size())));
        return "z = " + shown + (ranges.size() > 3 ? " and " + (ranges.size() - 3) + " more" : "");
    }

    private static double finiteOr0(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    /** A number in at most 3 significant digits: 0.25, 1.2e-16. */
    static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e6) {
            return String.valueOf((long) x);
        }
        String s = String.format(Locale.ROOT, "%.3g", x);
        return s.contains("e") ? s.replaceFirst("\\.?0+e", "e") : s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }
}
