package io.hubsync;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code docs/embedding.md shows is the code EmbeddedLibraryIT runs: its first java block is the
 * imports of EmbeddingHost and the lines between {@code // snippet:begin} and {@code // snippet:end}.
 */
class EmbeddingSnippetTest {
    static final Path DOC = Path.of("docs", "embedding.md");
    static final Path HOST = Path.of("src", "test", "java", "io", "hubsync", "it", "EmbeddingHost.java");

    @Test
    void theDocsShowTheCodeTheTestRuns() throws Exception {
        assertEquals(snippet(Files.readAllLines(HOST)), firstJavaBlock(Files.readAllLines(DOC)),
                DOC + " shows what " + HOST + " runs (its imports, then its marked lines)");
    }

    static List<String> snippet(List<String> source) {
        List<String> out = new ArrayList<>();
        source.stream().filter(l -> l.startsWith("import ")).forEach(out::add);
        out.add("");
        int begin = source.indexOf(indentOf(source, "// snippet:begin"));
        int end = source.indexOf(indentOf(source, "// snippet:end"));
        assertTrue(begin >= 0 && end > begin, "one marked region in " + HOST);
        List<String> region = source.subList(begin + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        region.forEach(l -> out.add(l.isBlank() ? "" : l.substring(indent)));
        return out;
    }

    private static String indentOf(List<String> source, String marker) {
        return source.stream().filter(l -> l.strip().equals(marker)).findFirst().orElse(marker);
    }

    static List<String> firstJavaBlock(List<String> doc) {
        int begin = doc.indexOf("```java");
        assertTrue(begin >= 0, DOC + " has a java block");
        int end = doc.subList(begin + 1, doc.size()).indexOf("```");
        assertTrue(end >= 0, "the java block of " + DOC + " ends");
        return doc.subList(begin + 1, begin + 1 + end);
    }
}
