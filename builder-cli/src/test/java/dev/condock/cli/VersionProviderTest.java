package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.IVersionProvider;

/** {@code condock --version} says the version the jar's manifest carries, or "dev" when run from classes. */
class VersionProviderTest {
    @TempDir
    Path tmp;

    @Test
    void versionFlagPrintsThisBuildsVersion() {
        Fixtures.Run r = Fixtures.cli("--version");
        assertEquals(0, r.exit(), r.err());
        String expected = Main.class.getPackage().getImplementationVersion();
        assertEquals("condock " + (expected == null ? "dev" : expected), r.out().strip());
    }

    @Test
    void withoutManifestVersionItIsDev() {
        assertEquals("dev", VersionProvider.versionOf(null));
        assertEquals("dev", VersionProvider.versionOf(" "));
        assertEquals("1.2.3", VersionProvider.versionOf("1.2.3"));
    }

    @Test
    void readsImplementationVersionOfTheJar() throws Exception {
        Path classes = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "9.8.7-test");
        Path jar = tmp.resolve("cli.jar");
        Path pkg = classes.resolve("dev/condock/cli");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(os, mf);
                Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        URL picocli =
                IVersionProvider.class.getProtectionDomain().getCodeSource().getLocation();
        // parent: the platform loader, so dev.condock.cli comes from the jar and not from the classes directory
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL(), picocli}, ClassLoader.getPlatformClassLoader())) {
            Class<?> provider = loader.loadClass(VersionProvider.class.getName());
            Method version = provider.getDeclaredMethod("version");
            version.setAccessible(true);
            assertEquals("9.8.7-test", version.invoke(null));
            var constructor = provider.getDeclaredConstructor();
            constructor.setAccessible(true);
            Method getVersion = provider.getDeclaredMethod("getVersion");
            getVersion.setAccessible(true);
            // its own picocli copy: call through reflection, not through this loader's IVersionProvider
            assertEquals(
                    List.of("condock 9.8.7-test"), List.of((String[]) getVersion.invoke(constructor.newInstance())));
        }
    }
}
