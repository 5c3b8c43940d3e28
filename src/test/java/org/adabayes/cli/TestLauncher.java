package org.adabayes.cli;

/**
 * Starts the real launcher ({@code bin/adabayes}) or a script that calls it, in a separate JVM
 * that uses the test suite's classpath instead of a packaged jar (the jar does not exist yet when
 * tests run).
 */
final class TestLauncher {
    private TestLauncher() {}

    static ProcessBuilder bash(String heapSize, String... scriptAndArgs) {
        String[] cmd = new String[scriptAndArgs.length + 1];
        cmd[0] = "bash";
        System.arraycopy(scriptAndArgs, 0, cmd, 1, scriptAndArgs.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ADABAYES_CP", System.getProperty("java.class.path"));
        pb.environment().put("ADABAYES_JAVA_OPTS", "-Xmx" + heapSize);
        return pb;
    }
}
