package netgrad.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Renders a page in headless Chromium (Debian's {@code chromium}; another binary with the system property
 * {@code netgrad.chromium}) and reads back what the browser laid out. {@link #measure} loads a copy of the page
 * with a probe script added: the copy's Content-Security-Policy is the page's own plus {@code script-src
 * 'unsafe-inline'} for the probe, so every fetch the page attempts is still blocked and reported. The probe
 * writes its findings as attributes of {@code <html>}, which {@code --dump-dom} prints.
 */
final class Browser {
    private Browser() {}

    static final String PROPERTY = "netgrad.chromium";
    /** The screen the pages must fit. */
    static final int SCREEN_WIDTH = 1280;
    static final long TIMEOUT_SECONDS = 60;

    /** What the probe measured in one page. */
    record Measurement(Map<String, String> values) {
        int number(String key) {
            return Integer.parseInt(values.getOrDefault(key, "-1"));
        }

        String text(String key) {
            return values.getOrDefault(key, "");
        }
    }

    /** Skips the calling test, with a message, when there is no Chromium. */
    static Path chromium() {
        Path binary = Path.of(System.getProperty(PROPERTY, "/usr/bin/chromium"));
        Assumptions.assumeTrue(Files.isExecutable(binary), "headless Chromium not found at " + binary
                + " (apt-get install chromium, or -D" + PROPERTY + "=PATH): browser tests skipped");
        return binary;
    }

    /** Listens for blocked requests from the start of the page (it runs in the head, before anything loads). */
    private static final String LISTENER = "<script>(function(){var v=[];document.addEventListener("
            + "'securitypolicyviolation',function(e){v.push(e.violatedDirective+' '+e.blockedURI);"
            + "document.documentElement.setAttribute('data-violations',v.join(' | '));});})();</script>";

    /**
     * Measures the laid-out page: how many math elements there are and how many have no size, how many fractions
     * and subscripts are laid out as math (numerator above denominator, subscript below its base's top) and how
     * many are not (a browser without MathML would flow them as plain text), the document's width, the resources the page loaded, and every attribute holding a URL that
     * is neither a fragment nor data:.
     */
    private static final String PROBE = "<script>(function(){var h=document.documentElement;"
            + "function r(e){return e.getBoundingClientRect();}"
            + "var m=document.querySelectorAll('math'),zero=0;m.forEach(function(e){var b=r(e);"
            + "if(b.width<=0||b.height<=0)zero++;});"
            + "var fr=document.querySelectorAll('mfrac'),badFr=0;fr.forEach(function(f){var n=r(f.children[0]),"
            + "d=r(f.children[1]);if(!(n.bottom<=d.top+1&&n.height>0&&d.height>0))badFr++;});"
            + "var sb=document.querySelectorAll('msub'),badSb=0;sb.forEach(function(s){var b=r(s.children[0]),"
            + "x=r(s.children[1]);if(!(x.top>b.top&&x.left>=b.right-1))badSb++;});"
            + "var urls=[];document.querySelectorAll('*').forEach(function(e){for(var i=0;i<e.attributes.length;i++){"
            + "var a=e.attributes[i],n=a.name.toLowerCase(),v=a.value.trim();"
            + "if(/^(href|src|srcset|action|formaction|data|poster|background|cite|ping|xlink:href|xmlns:xlink)$/"
            + ".test(n)||/url\\(/i.test(v)){var u=v.replace(/^.*url\\(\\s*['\"]?/i,'');"
            + "if(!(u.charAt(0)=='#'||/^data:/i.test(u)))urls.push(n+'='+v);}}});"
            + "for(var s=0;s<document.styleSheets.length;s++){var rs=document.styleSheets[s].cssRules;"
            + "for(var j=0;j<rs.length;j++){var t=rs[j].cssText;if(/@import|url\\(\\s*['\"]?(?!data:|#)/i.test(t))"
            + "urls.push('css: '+t.slice(0,60));}}"
            + "h.setAttribute('data-maths',m.length);h.setAttribute('data-zero-maths',zero);"
            + "h.setAttribute('data-fractions',fr.length);h.setAttribute('data-bad-fractions',badFr);"
            + "h.setAttribute('data-subscripts',sb.length);h.setAttribute('data-bad-subscripts',badSb);"
            + "h.setAttribute('data-width',Math.max(h.scrollWidth,document.body.scrollWidth));"
            + "h.setAttribute('data-height',h.scrollHeight);"
            + "h.setAttribute('data-resources',performance.getEntriesByType('resource').map(function(e){"
            + "return e.name;}).join(' '));h.setAttribute('data-urls',urls.join(' | '));"
            + "var first=document.querySelector('math');if(first){var b=r(first);h.setAttribute('data-first-math',"
            + "[Math.round(b.left),Math.round(b.top+window.scrollY),Math.round(b.width),Math.round(b.height)].join(','));}"
            + "})();</script>";

    /** Loads {@code page} (HTML text) at 1280 px width and returns what the probe measured. */
    static Measurement measure(String page) throws IOException, InterruptedException {
        Path binary = chromium();
        String csp = "content=\"" + Html.CSP + "\"";
        if (!page.contains(csp)) {
            throw new IllegalArgumentException("the page has not netgrad's Content-Security-Policy");
        }
        String probed = page.replace(csp, "content=\"" + Html.CSP + "; script-src 'unsafe-inline'\"")
                .replaceFirst("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\">" + Matcher.quoteReplacement(LISTENER))
                .replace("</body>", PROBE + "</body>");
        Path dir = Files.createTempDirectory("netgrad-browser");
        try {
            Path file = dir.resolve("page.html");
            Files.writeString(file, probed, StandardCharsets.UTF_8);
            String dom = run(binary, dir, "--virtual-time-budget=2000", "--window-size=" + SCREEN_WIDTH + ",900",
                    "--dump-dom", file.toUri().toString());
            Matcher html = Pattern.compile("<html([^>]*)>").matcher(dom);
            if (!html.find()) {
                throw new IOException("chromium printed no page: " + dom.substring(0, Math.min(200, dom.length())));
            }
            Map<String, String> values = new LinkedHashMap<>();
            Matcher a = Pattern.compile("data-([a-z-]+)=\"([^\"]*)\"").matcher(html.group(1));
            while (a.find()) {
                values.put(a.group(1), a.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&amp;", "&"));
            }
            return new Measurement(values);
        } finally {
            delete(dir);
        }
    }

    /** A PNG screenshot of {@code page} (a file) in a window {@code width} × {@code height}. */
    static void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Path binary = chromium();
        Path dir = Files.createTempDirectory("netgrad-browser");
        try {
            run(binary, dir, "--hide-scrollbars", "--window-size=" + width + "," + height,
                    "--screenshot=" + png.toAbsolutePath(), page.toUri().toString());
        } finally {
            delete(dir);
        }
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot " + png);
        }
    }

    /** Runs chromium headless with a fresh profile in {@code dir}; returns its standard output. */
    private static String run(Path binary, Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve("stderr").toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium failed (exit " + p.exitValue() + "): "
                    + Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
