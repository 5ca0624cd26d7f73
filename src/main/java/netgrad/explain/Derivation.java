package netgrad.explain;

import java.util.List;

/**
 * The derivation of one network's gradients as renderer-neutral data: sections of prose and equations,
 * every formula written once in LaTeX ({@link Tex} makes the plain-text form). {@link TextRenderer} and
 * {@link MarkdownRenderer} print it.
 *
 * @param title    the heading, e.g. "Backpropagation for lecture4"
 * @param sections in reading order
 */
public record Derivation(String title, List<Section> sections) {
    public Derivation {
        sections = List.copyOf(sections);
    }

    /** A titled part: the forward pass, the backward pass, one activation's g′, … */
    public record Section(String heading, List<Item> items) {
        public Section {
            items = List.copyOf(items);
        }
    }

    /** One line of a section. */
    public sealed interface Item {}

    /** A sentence or two; inline math between single dollars. */
    public record Prose(String text) implements Item {}

    /**
     * A step of a worked example: its formula, shape and the numbers it computed (printed with
     * {@link Numbers}).
     */
    public record Values(String tex, String shapes, netgrad.linalg.Matrix value) implements Item {}

    /** A sub-heading inside a section, e.g. "k = 2" of the backward loop. */
    public record Label(String text) implements Item {}

    /**
     * One step: the formula, the shapes a student can check by hand (LaTeX, may be empty) and a note
     * (prose with inline math, may be empty): why the step holds, or where it came from.
     */
    public record Equation(String tex, String shapes, String note) implements Item {
        public static Equation of(String tex) {
            return new Equation(tex, "", "");
        }
    }
}
