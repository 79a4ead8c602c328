package dev.sslkit.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The README's capability matrix is exactly what the providers declare (issue 3, item 7). */
class CapabilityMatrixTest {
    @Test
    void readmeMatchesDeclarations() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String published = CapabilityMatrix.section(readme);
        assertNotNull(published, "README.md has a capability matrix section");
        Matcher m = Pattern.compile("jsse \\(JDK (\\d+)\\)").matcher(published);
        assumeTrue(m.find() && Integer.parseInt(m.group(1)) == Runtime.version().feature(),
                "the README's matrix was generated on another JDK; JSSE's column depends on the JDK");
        assertEquals(published, CapabilityMatrix.markdown(), "README.md's matrix is stale: regenerate it with "
                + "java -p bench/target/lib:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar -m dev.sslkit.bench/dev.sslkit.bench.CapabilityMatrix --write README.md");
    }
}
