package dev.condock.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code condock --version}: the Implementation-Version of the jar condock runs from (Maven writes the project
 * version there), or "dev" when it runs from a classes directory (tests, an IDE).
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"condock " + version()};
    }

    /** This build's version: the jar manifest's Implementation-Version, else "dev". */
    static String version() {
        return versionOf(Main.class.getPackage().getImplementationVersion());
    }

    static String versionOf(String implementationVersion) {
        return implementationVersion == null || implementationVersion.isBlank() ? "dev" : implementationVersion;
    }
}
