package dev.condock.pipeline;

import dev.condock.base.BaseContents;
import dev.condock.base.BaseDelta;
import dev.condock.base.BaseInspector;
import dev.condock.base.BasePackage;
import dev.condock.base.LayerScanner;
import dev.condock.base.VirtualPackages;
import dev.condock.lock.LockFile;
import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The base image and what it means for this build: the packages it already holds in our prefix (not installed
 * again), the ones we replace (whited out), and the virtual packages the target offers.
 */
record BaseSetup(BaseImage image, BaseContents contents, BaseDelta delta, Map<String, String> virtualPackages) {

    static BaseSetup prepare(BuildRequest req, LockFile lock, BaseImage image, BuildListener listener)
            throws CondockException {
        BaseInspector inspector = new BaseInspector(new LayerScanner(req.cacheRoot()));
        BaseContents contents = inspector.inspect(image.configBytes(), image.layers(), req.prefix(), false);
        BaseDelta delta = BaseDelta.of(contents, lock.packages());
        if (!delta.replaces().isEmpty() && contents.origin().equals("labels")) {
            // the labels name the packages, not their files: read the replaced ones' records from the layers
            BaseContents withFiles = inspector.inspect(image.configBytes(), image.layers(), req.prefix(), true);
            contents = new BaseContents(withFiles.prefix(), withFiles.packages(), "labels, files from layers",
                    withFiles.glibc(), withFiles.cuda());
            delta = BaseDelta.of(contents, lock.packages());
        }
        Map<String, String> vp = VirtualPackages.resolve(req.platform(), contents, req.virtualPackages());
        listener.info("virtual packages (" + req.platform().subdir() + "): " + VirtualPackages.describe(vp));
        if (!contents.packages().isEmpty()) {
            listener.info("base holds " + contents.packages().size() + " packages in " + contents.prefix() + " (read from "
                    + contents.origin() + "): " + delta.fromBase().size() + " reused, " + delta.replaces().size()
                    + " replaced, " + delta.install().size() + " to install");
            for (Map.Entry<String, BasePackage> e : delta.replaces().entrySet()) {
                listener.info("  replace " + e.getValue().dist() + " -> " + e.getKey());
            }
        }
        return new BaseSetup(image, contents, delta, vp);
    }

    /** Every dist the image holds in the prefix: the lock's and the base's that the lock does not name. */
    String allDists(List<PackageRecord> lockPackages) {
        return java.util.stream.Stream.concat(lockPackages.stream().map(PackageRecord::dist),
                delta.keptOnly().stream().map(BasePackage::dist)).sorted().collect(Collectors.joining(" "));
    }

    /** The dists the image takes from the base unchanged. */
    String fromBaseDists() {
        return java.util.stream.Stream.concat(delta.fromBase().stream().map(PackageRecord::dist),
                delta.keptOnly().stream().map(BasePackage::dist)).sorted().collect(Collectors.joining(" "));
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
            return virtualPackages.get("__cuda");
        }
        String[] p = v.split("\\.");
        return p.length >= 2 ? p[0] + "." + p[1] : v;
    }

    /** The base's python (major.minor), when the lock does not install one. */
    String basePython() {
        BasePackage py = contents.packages().get("python");
        if (py == null) {
            return null;
        }
        String[] p = py.version().split("\\.");
        return p.length >= 2 ? p[0] + "." + p[1] : py.version();
    }
}
