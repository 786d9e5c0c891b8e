package dev.condock.cli;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small local channel of real-format packages and an @EXPLICIT lock for it, made by code. */
public final class Fixtures {
    static final String PH = CondaPackageWriter.DEFAULT_PLACEHOLDER;

    private Fixtures() {}

    static List<PackageContents> packages() {
        byte[] lib = ("\u007fELF\0" + PH + "/lib:" + PH + "/lib64\0tail\0").getBytes(StandardCharsets.UTF_8);
        return List.of(
                CondaPackageWriter.builder("python", "3.11.4", "h0_0_cpython")
                        .subdir("linux-64")
                        .file("bin/python3.11", "#!/bin/sh\necho fake python\n", 0755)
                        .symlink("bin/python", "python3.11")
                        .directory("lib/python3.11/site-packages"),
                CondaPackageWriter.builder("libfoo", "2.0", "h1_0")
                        .subdir("linux-64")
                        .binaryPrefix("lib/libfoo.so.2.0", lib, 0755, PH)
                        .symlink("lib/libfoo.so.2", "libfoo.so.2.0")
                        .symlink("lib/libfoo.so", "libfoo.so.2")
                        .file("share/foo/data.bin", new byte[] {0, 1, 2, 3}, 0644)
                        .hardlink("share/foo/data-copy.bin", "share/foo/data.bin"),
                CondaPackageWriter.builder("footool", "1.0", "0")
                        .subdir("linux-64")
                        .depends("libfoo")
                        .textPrefix("bin/footool", "#!/bin/sh\necho prefix=" + PH + "\n", 0755)
                        .textPrefix("etc/footool.conf", "root = " + PH + "\n", 0644),
                CondaPackageWriter.builder("pyfoo", "0.3", "pyh0_0")
                        .subdir("noarch")
                        .noarch("python")
                        .depends("python >=3.8")
                        .file("site-packages/pyfoo/__init__.py", "def main():\n    print('pyfoo')\n", 0644)
                        .entryPoint("pyfoo-cli = pyfoo:main"));
    }

    /** Writes the channel in {@code format} and an @EXPLICIT lock listing it (install order), returns the lock. */
    public static Path channelAndLock(Path dir, ArchiveFormat format) throws IOException {
        List<BuiltPackage> built = ChannelWriter.writePackages(dir.resolve("channel"), format, packages());
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage p : built) {
            Path a = dir.resolve("channel")
                    .resolve(p.subdir())
                    .resolve(p.archive().getFileName());
            sb.append(a.toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        Path lock = dir.resolve("env.explicit.txt");
        Files.writeString(lock, sb.toString());
        return lock;
    }

    /** An @EXPLICIT lock at {@code file} listing {@code built} (already in {@code channel}) in the given order. */
    static Path explicitLock(Path file, Path channel, List<BuiltPackage> built, String subdir) throws IOException {
        StringBuilder sb = new StringBuilder("# platform: " + subdir + "\n@EXPLICIT\n");
        for (BuiltPackage p : built) {
            Path a = channel.resolve(p.subdir()).resolve(p.archive().getFileName());
            sb.append(a.toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    public record Run(int exit, String out, String err) {}

    /** Runs the CLI in this JVM, capturing stdout and stderr. */
    public static synchronized Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Runs the CLI in a fresh JVM under {@code sh -c "<shellPrefix> java ..."}: for umask and TZ. */
    static Run cliProcess(String shellPrefix, List<String> args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("java", "-cp", System.getProperty("java.class.path"), "dev.condock.cli.Main"));
        cmd.addAll(args);
        StringBuilder sh = new StringBuilder(shellPrefix).append(' ');
        for (String c : cmd) {
            sh.append('\'').append(c.replace("'", "'\\''")).append("' ");
        }
        Process p = new ProcessBuilder("sh", "-c", sh.toString()).start();
        byte[] o = p.getInputStream().readAllBytes();
        byte[] e = p.getErrorStream().readAllBytes();
        return new Run(p.waitFor(), new String(o, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8));
    }
}
