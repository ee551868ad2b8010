package io.hubsync;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation stays true to the repository: every relative link of README.md and docs/*.md
 * resolves (to a file, and an anchor to one of its headings), every citation of the docs in shipped
 * code ({@code docs/behavior.md rule 4}, {@code docs/hubspot.md §3}, {@code docs/x.md, "Title"})
 * names something that exists, and nothing shipped points at files outside the repository. Each test
 * reports every broken item at once, as file:line.
 */
class DocsTest {
    static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().normalize();

    /** What shipped files must not mention: files that are not in the repository. */
    static final List<String> OUTSIDE = List.of("../shared", "DESIGN.md", "HUBSPOT.md", "CAMEL.md", "DESIGN rule");

    /** docs/x.md, then what it points at: "rule(s) N[, M and K]", "§N[–§M]" or ', "Title"' (across comment lines too). */
    private static final Pattern CITATION = Pattern.compile("docs/([a-z0-9-]+\\.md)");
    private static final String GAP = "[\\s*#/]*";
    private static final Pattern RULES = Pattern.compile(
            "^,?" + GAP + "rules?" + GAP + "(\\d+(?:" + GAP + "(?:,|and)" + GAP + "\\d+)*)");
    private static final Pattern SECTIONS = Pattern.compile("^" + GAP + "§(\\d+)(?:\\s*[–-]\\s*§?(\\d+))?");
    private static final Pattern TITLE = Pattern.compile("^," + GAP + "\"([^\"\\n]+)\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Map<Path, MarkdownDoc> docs = new HashMap<>();

    @Test
    void everyLinkOfTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            MarkdownDoc doc = doc(file);
            for (MarkdownDoc.Link link : doc.links) {
                String problem = problem(file, link.target());
                if (problem != null) {
                    broken.add(where(file, link.line()) + ": link (" + link.target() + ") " + problem);
                }
            }
        }
        assertTrue(broken.isEmpty(), () -> report(broken, "broken links"));
    }

    @Test
    void everyCitationOfTheDocsInShippedCodeResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : shipped(false)) {
            String text = read(file);
            Matcher m = CITATION.matcher(text);
            while (m.find()) {
                String cited = "docs/" + m.group(1);
                String rest = text.substring(m.end(), Math.min(text.length(), m.end() + 200));
                String problem = citationProblem(cited, rest);
                if (problem != null) {
                    broken.add(where(file, lineOf(text, m.start())) + ": " + cited + " " + problem);
                }
            }
        }
        assertTrue(broken.isEmpty(), () -> report(broken, "citations of docs/ that point at nothing"));
    }

    @Test
    void noShippedFilePointsOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : shipped(true)) {
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String outside : OUTSIDE) {
                    if (lines[i].contains(outside)) {
                        found.add(where(file, i + 1) + ": mentions " + outside);
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), () -> report(found, "mentions of files outside the repository "
                + "(cite the project's docs/ instead)"));
    }

    /** Why a link from {@code from} does not resolve, or null when it does. */
    private String problem(Path from, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: and the like: not this test's business
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "leaves the repository";
        }
        if (!Files.exists(resolved)) {
            return "names no file";
        }
        if (anchor.isEmpty() || !resolved.toString().endsWith(".md")) {
            return null;
        }
        return doc(resolved).anchors.contains(anchor) ? null : "names no heading of " + relative(resolved);
    }

    /** Why a citation does not resolve, or null when it does; {@code rest} is the text after the file name. */
    private String citationProblem(String cited, String rest) throws IOException {
        Path file = ROOT.resolve(cited);
        if (!Files.isRegularFile(file)) {
            return "does not exist";
        }
        MarkdownDoc doc = doc(file);
        Matcher rules = RULES.matcher(rest);
        if (rules.find()) {
            List<String> missing = new ArrayList<>();
            Matcher n = NUMBER.matcher(rules.group(1));
            while (n.find()) {
                if (!doc.hasNumberedHeading(2, "Rule ", Integer.parseInt(n.group()))) {
                    missing.add("## Rule " + n.group());
                }
            }
            return missing.isEmpty() ? null : "has no heading " + String.join(", ", missing);
        }
        Matcher sections = SECTIONS.matcher(rest);
        if (sections.find()) {
            int first = Integer.parseInt(sections.group(1));
            int last = sections.group(2) == null ? first : Integer.parseInt(sections.group(2));
            List<String> missing = new ArrayList<>();
            for (int s = first; s <= last; s++) {
                if (!doc.hasNumberedHeading(2, "§", s)) {
                    missing.add("## §" + s);
                }
            }
            return missing.isEmpty() ? null : "has no heading " + String.join(", ", missing);
        }
        Matcher title = TITLE.matcher(rest);
        if (title.find() && !doc.hasHeading(title.group(1))) {
            return "has no heading \"" + title.group(1) + "\"";
        }
        return null;
    }

    private MarkdownDoc doc(Path file) throws IOException {
        MarkdownDoc doc = docs.get(file);
        if (doc == null) {
            doc = MarkdownDoc.read(file);
            docs.put(file, doc);
        }
        return doc;
    }

    /** README.md and docs/*.md */
    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** What ships: src/main, routes/ and application.properties; with {@code docs}, README.md and docs/ too. */
    static List<Path> shipped(boolean docs) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> roots = docs ? List.of("src/main", "routes", "docs") : List.of("src/main", "routes");
        for (String root : roots) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(root))) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        files.add(ROOT.resolve("application.properties"));
        if (docs) {
            files.add(ROOT.resolve("README.md"));
        }
        return files;
    }

    static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static String relative(Path file) {
        return ROOT.relativize(file).toString().replace('\\', '/');
    }

    static String where(Path file, int line) {
        return relative(file) + ":" + line;
    }

    static String report(List<String> items, String what) {
        return items.size() + " " + what + ":\n  " + String.join("\n  ", items);
    }
}
