package org.adabayes.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Project, library and platform versions, for --version and every manifest. */
public final class Versions {
    private static final Properties BUILD = new Properties();

    static {
        try (InputStream in =
                Versions.class.getResourceAsStream("/org/adabayes/build.properties")) {
            if (in != null) {
                BUILD.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read build.properties", e);
        }
    }

    private Versions() {}

    public static String project() {
        return BUILD.getProperty("project.version", "dev");
    }

    public static String djl() {
        return BUILD.getProperty("djl.version", "?");
    }

    public static String pytorch() {
        return BUILD.getProperty("pytorch.version", "?");
    }

    /**
     * The commit the harness was built from (read from the jar), with "-dirty" when the build had
     * uncommitted changes; "unknown" for a build outside a git checkout.
     */
    public static String harnessCommit() {
        String c = BUILD.getProperty("git.commit", "");
        if (!c.matches("[0-9a-f]{40}")) {
            return "unknown";
        }
        return "true".equals(BUILD.getProperty("git.dirty")) ? c + "-dirty" : c;
    }

    public static Map<String, String> all(String engineVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("adabayes-harness", project());
        m.put("harness-commit", harnessCommit());
        m.put("djl", djl());
        m.put("pytorch", engineVersion);
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return m;
    }

    /** The commit of the working directory's checkout, or "unknown" outside one. */
    public static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
