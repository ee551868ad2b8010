package io.hubsync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file as DocsTest reads it: its headings (their text and GitHub's anchors for them) and
 * its links with their line numbers. Fenced code blocks and inline code are not Markdown: their
 * headings and links are ignored.
 */
final class MarkdownDoc {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    /** [text](target) and ![alt](target), with an optional "title" */
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
    /** HTML anchors: <a name="x"> or id="x" */
    private static final Pattern HTML_ANCHOR = Pattern.compile("<[^>]+\\b(?:name|id)=\"([^\"]+)\"");

    /** A heading: its level (2 for ##) and its text as rendered (no backticks, links as their text). */
    record Heading(int level, String text) { }

    /** A link as written, and the line it is on (from 1). */
    record Link(int line, String target) { }

    final Path file;
    final List<Heading> headings = new ArrayList<>();
    final Set<String> anchors = new LinkedHashSet<>();
    final List<Link> links = new ArrayList<>();

    private MarkdownDoc(Path file) {
        this.file = file;
    }

    static MarkdownDoc read(Path file) throws IOException {
        MarkdownDoc doc = new MarkdownDoc(file);
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        List<String> lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String prose = INLINE_CODE.matcher(line).replaceAll("");
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String text = rendered(h.group(2));
                doc.headings.add(new Heading(h.group(1).length(), text));
                String slug = slug(text);
                int n = seen.merge(slug, 1, Integer::sum);
                doc.anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
            Matcher a = HTML_ANCHOR.matcher(prose);
            while (a.find()) {
                doc.anchors.add(a.group(1));
            }
            Matcher l = LINK.matcher(prose);
            while (l.find()) {
                doc.links.add(new Link(i + 1, l.group(2)));
            }
        }
        return doc;
    }

    /** Heading text as GitHub renders it: inline code without its backticks, links as their text. */
    static String rendered(String markdown) {
        String text = INLINE_CODE.matcher(markdown).replaceAll("$2");
        return LINK.matcher(text).replaceAll("$1");
    }

    /**
     * GitHub's anchor for a heading: lower case; everything but letters, digits, marks, '_', '-' and
     * spaces dropped; each space a '-'. (Repeated headings get -1, -2 … in {@link #read}.)
     */
    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}\\p{Pc}\\- ]", "").replace(' ', '-');
    }

    /** Whether a heading of this level starts with {@code prefix} followed by a non-digit (or ends). */
    boolean hasNumberedHeading(int level, String prefix, int number) {
        Pattern p = Pattern.compile("^" + Pattern.quote(prefix + number) + "(?!\\d).*");
        return headings.stream().anyMatch(h -> h.level() == level && p.matcher(h.text()).matches());
    }

    boolean hasHeading(String title) {
        return headings.stream().anyMatch(h -> h.text().equals(title));
    }
}
