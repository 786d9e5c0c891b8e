package dev.condock.pipeline;

import dev.condock.base.BaseContents;
import dev.condock.base.BaseDelta;
import dev.condock.base.BaseInspector;
import dev.condock.base.BasePackage;
import dev.condock.base.LayerScanner;
import dev.condock.lock.LockFile;
import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.model.VirtualPackages;
import dev.condock.util.CondockException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The base image and what it means for this build: the packages it already holds in our prefix (not installed
 * again), the ones we replace (whited out), and the virtual packages the target offers.
 */
record BaseSetup(BaseImage image, BaseContents contents, BaseDelta delta, VirtualPackages virtualPackages) {

    /** What the base holds, read once per platform (conda-meta from its labels, else from its layers). */
    static BaseContents inspect(BuildRequest req, BaseImage image) throws CondockException {
        return new BaseInspector(new LayerScanner(req.cacheRoot()))
                .inspect(image.configBytes(), image.layers(), req.prefix(), false);
    }

    static BaseSetup prepare(BuildRequest req, PlatformInputs in, BuildListener listener) throws CondockException {
        BaseImage image = in.base();
        BaseContents contents = in.contents();
        LockFile lock = in.lock();
        BaseDelta delta = BaseDelta.of(contents, lock.packages());
        if (!delta.replaces().isEmpty() && contents.origin().equals("labels")) {
            // the labels name the packages, not their files: read the replaced ones' records from the layers
            BaseContents withFiles = new BaseInspector(new LayerScanner(req.cacheRoot()))
                    .inspect(image.configBytes(), image.layers(), req.prefix(), true);
            contents = new BaseContents(
                    withFiles.prefix(),
                    withFiles.packages(),
                    "labels, files from layers",
                    withFiles.glibc(),
                    withFiles.cuda());
            delta = BaseDelta.of(contents, lock.packages());
        }
        VirtualPackages vp = in.virtualPackages();
        listener.info("virtual packages (" + in.platform().subdir() + "): " + vp.describe());
        if (!contents.packages().isEmpty()) {
            listener.info(
                    "base holds " + contents.packages().size() + " packages in " + contents.prefix() + " (read from "
                            + contents.origin() + "): " + delta.fromBase().size() + " reused, "
                            + delta.replaces().size()
                            + " replaced, " + delta.install().size() + " to install");
            for (Map.Entry<String, BasePackage> e : delta.replaces().entrySet()) {
                listener.info("  replace " + e.getValue().dist() + " -> " + e.getKey());
            }
        }
        return new BaseSetup(image, contents, delta, vp);
    }

    /** Every dist the image holds in the prefix: the lock's and the base's that the lock does not name. */
    String allDists(List<PackageRecord> lockPackages) {
        return java.util.stream.Stream.concat(
                        lockPackages.stream().map(PackageRecord::dist),
                        delta.keptOnly().stream().map(BasePackage::dist))
                .sorted()
                .collect(Collectors.joining(" "));
    }

    /** The dists the image takes from the base unchanged. */
    String fromBaseDists() {
        return java.util.stream.Stream.concat(
                        delta.fromBase().stream().map(PackageRecord::dist),
                        delta.keptOnly().stream().map(BasePackage::dist))
                .sorted()
                .collect(Collectors.joining(" "));
    }

    /** The image's CUDA version: its cuda-version package (major.minor), else the __cuda it was solved for. */
    String cuda(List<PackageRecord> lockPackages) {
        String v = null;
        for (PackageRecord r : lockPackages) {
            if (r.name().equals("cuda-version")) {
                v = r.version();
            }
        }
        if (v == null && contents.packages().containsKey("cuda-version")) {
            v = contents.packages().get("cuda-version").version();
        }
        if (v == null) {
            return virtualPackages.version("__cuda").orElse(null);
        }
        String[] p = v.split("\\.");
        return p.length >= 2 ? p[0] + "." + p[1] : v;
    }

    /** The base's python, when the lock does not install one. */
    PythonAbi basePython() {
        BasePackage py = contents.packages().get("python");
        return py == null ? null : PythonAbi.of(py.version(), py.build());
    }
}
