package netgrad.html;

import netgrad.plan.Quantity;

/**
 * The frame every netgrad page shares: one self-contained file with a Content-Security-Policy that forbids
 * every request ({@code default-src 'none'}; only the inline style sheet and {@code data:} images are
 * allowed), system fonts only, a style sheet sized for a projector (large type, high contrast, tables that
 * fit 1280 px) and a print style sheet (smaller type, no navigation, rows not split across pages).
 */
public final class Html {
    private Html() {}

    /** The page's Content-Security-Policy: nothing may be fetched, whatever the page contains. */
    public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    /** The style sheet shared by the derivation and the verify report. */
    static final String STYLE = """
            :root { --ink: #111; --muted: #444; --rule: #bbb; --band: #f1f4f8; --accent: #0b4f8a;
              --agree: #d8f0d8; --agree-ink: #0c4d12; --disagree: #fbd3d0; --disagree-ink: #8a0f05;
              --missing: #e4e4e4; --missing-ink: #333; --first: #ffe27a; }
            html { color: var(--ink); background: #fff; }
            body { font: 22px/1.45 system-ui, "DejaVu Sans", "Liberation Sans", sans-serif; margin: 0 auto;
              max-width: 1240px; padding: 16px 20px 48px; box-sizing: border-box; }
            h1 { font-size: 1.7em; margin: 0.2em 0 0.1em; }
            h2 { font-size: 1.3em; margin: 1.4em 0 0.4em; padding-bottom: 0.1em; border-bottom: 3px solid var(--accent);
              color: var(--accent); }
            p { margin: 0.4em 0; max-width: 60em; }
            code { font: 0.85em "DejaVu Sans Mono", "Liberation Mono", monospace; background: var(--band);
              padding: 0 0.2em; overflow-wrap: anywhere; }
            math { font-size: 1.1em; font-family: "STIX Two Math", "Latin Modern Math", "DejaVu Math TeX Gyre", math, serif; }
            p math, li math, th math { font-size: 1em; }
            .generated { color: var(--muted); font-size: 0.8em; }
            nav ol { columns: 2; font-size: 0.85em; margin: 0.4em 0; }
            a { color: var(--accent); }
            table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
            td, th { border-bottom: 1px solid var(--rule); padding: 0.25em 0.5em; vertical-align: middle; text-align: left; }
            th { background: var(--band); font-weight: 600; }
            .steps td.f { width: 45%; }
            .steps td.f math { text-align: left; }
            .steps td.s { width: 16%; white-space: nowrap; color: var(--muted); }
            .steps td.n { font-size: 0.85em; }
            .steps td { overflow-wrap: anywhere; }
            .steps tr.label th { background: var(--band); font-weight: 600; font-size: 0.9em; }
            .steps tr:target, tr.first { background: var(--first); }
            pre.numbers { font: 0.9em/1.3 "DejaVu Sans Mono", "Liberation Mono", monospace; margin: 0; white-space: pre; }
            .scroll { overflow-x: auto; max-width: 100%; }
            figure { margin: 0.6em 0; }
            figure svg { max-width: 100%; height: auto; display: block; }
            figcaption { color: var(--muted); font-size: 0.8em; }
            .verdict { font-weight: 700; padding: 0.1em 0.5em; border-radius: 0.3em; white-space: nowrap; }
            .v-agree { background: var(--agree); color: var(--agree-ink); }
            .v-disagree { background: var(--disagree); color: var(--disagree-ink); }
            .v-missing { background: var(--missing); color: var(--missing-ink); }
            .v-unseen { background: var(--missing); color: var(--missing-ink); font-style: italic; }
            .verdict-run { font-weight: 700; padding: 0.1em 0.5em; border-radius: 0.3em; white-space: nowrap; }
            .report td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
            .report { font-size: 0.8em; }
            .report td.worst { font-size: 0.9em; }
            .callout { border-left: 8px solid var(--disagree-ink); background: var(--disagree); padding: 0.5em 0.8em; margin: 0.8em 0; }
            .callout.ok { border-color: var(--agree-ink); background: var(--agree); }
            @media print {
              body { font-size: 11pt; max-width: none; padding: 0; }
              nav { display: none; }
              h2 { break-after: avoid; }
              tr, figure { break-inside: avoid; }
              * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
              a { color: inherit; text-decoration: none; }
            }
            """;

    /** The whole page: {@code title} in the head, {@code body} (HTML) inside the body. */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }

    /** Text as HTML (and XML) character data or attribute value: {@code & < > " '} escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The anchor id of the backward step that computes ∇q (q as in verify's report: a3, W2, b1, h2). */
    public static String stepId(Quantity quantity) {
        return "step-" + quantity.label();
    }
}
