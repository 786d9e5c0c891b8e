package dev.condock.cli;

import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code condock quickstart}: the whole job offline. Generates a small local channel of real-format packages
 * (a shared library with symlinks and a binary prefix, a script with a text prefix, docs with a hardlink), writes
 * an @EXPLICIT lock for it, builds the image into an OCI layout and prints its layers.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = "Build a demo image offline from a generated local channel (see examples/quickstart).")
public final class QuickstartCommand implements Callable<Integer> {
    static final String PLACEHOLDER = CondaPackageWriter.DEFAULT_PLACEHOLDER;

    @Option(
            names = "--out",
            defaultValue = "out/quickstart",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--compression", defaultValue = "gzip", description = "gzip or zstd (default: ${DEFAULT-VALUE})")
    String compression;

    @Override
    public Integer call() throws CondockException, IOException {
        Path channel = out.resolve("channel");
        List<BuiltPackage> pkgs = ChannelWriter.writePackages(channel, ArchiveFormat.CONDA, packages());
        StringBuilder lock = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage p : pkgs) {
            Path archive = channel.resolve(p.subdir())
                    .resolve(p.archive().getFileName())
                    .toAbsolutePath();
            lock.append(archive.toUri()).append("#sha256:").append(p.sha256()).append('\n');
        }
        Path lockFile = out.resolve("quickstart.explicit.txt");
        AtomicFiles.write(lockFile, lock.toString().getBytes(StandardCharsets.UTF_8));
        String target = "oci:" + out.resolve("image") + ":latest";
        BuildRequest req = BuildRequest.builder()
                .lock(lockFile)
                .to(target)
                .compression(compression)
                .cacheRoot(out.resolve("cache"))
                .build();
        BuildResult result = new Condock(new ConsoleListener()).build(req);
        System.out.print(InspectCommand.table(result.image()));
        System.out.println("image written to " + target + " (lock: " + lockFile + ")");
        return 0;
    }

    static List<PackageContents> packages() {
        byte[] lib = ("\u007fELF-demo\0" + PLACEHOLDER + "/lib\0rpath-end\0").getBytes(StandardCharsets.UTF_8);
        return List.of(
                CondaPackageWriter.builder("libdemo", "1.2.0", "h0_0")
                        .subdir("linux-64")
                        .binaryPrefix("lib/libdemo.so.1.2.0", lib, 0755, PLACEHOLDER)
                        .symlink("lib/libdemo.so.1", "libdemo.so.1.2.0")
                        .symlink("lib/libdemo.so", "libdemo.so.1"),
                CondaPackageWriter.builder("hello", "1.0", "0")
                        .subdir("linux-64")
                        .depends("libdemo >=1.2")
                        .textPrefix(
                                "bin/hello",
                                "#!/bin/sh\necho \"hello from " + PLACEHOLDER + " (conda env built by condock)\"\n",
                                0755),
                CondaPackageWriter.builder("hello-docs", "1.0", "0")
                        .subdir("noarch")
                        .noarch("generic")
                        .file("share/doc/hello/README", "hello: prints a greeting\n", 0644)
                        .hardlink("share/doc/hello/README.txt", "share/doc/hello/README"));
    }
}
