package dev.condock.pipeline;

import dev.condock.base.BaseContents;
import dev.condock.base.BaseInspector;
import dev.condock.base.BasePackage;
import dev.condock.base.LayerScanner;
import dev.condock.base.VirtualPackages;
import dev.condock.lock.LockWriter;
import dev.condock.model.Platform;
import dev.condock.solve.Resolution;
import dev.condock.solve.ResolveOptions;
import dev.condock.solve.Resolver;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.MatchSpec;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * environment.yml → an @EXPLICIT lock for one platform, solved with the virtual packages the target image offers:
 * {@code __cuda} and {@code __glibc} from the base image (or the spec), {@code __archspec} from the platform.
 * The build machine never decides them, so a CPU-only runner solves a GPU image like a GPU host would.
 */
public final class EnvironmentLocker {
    private EnvironmentLocker() {}

    /**
     * Like conda installing into an existing environment: the base's packages stay as they are when the
     * environment allows it (each pinned to its exact version and build); only when that cannot be solved does
     * the solve run free, and the packages that change are then replaced (whited out) by the build.
     */
    static Resolution solveKeepingBase(EnvironmentSpec env, BaseContents base, ResolveOptions opts,
                                       BuildListener listener) throws CondockException {
        if (base.packages().isEmpty()) {
            return Resolver.resolve(env, opts);
        }
        List<MatchSpec> deps = new ArrayList<>(env.dependencies());
        for (BasePackage p : base.packages().values()) {
            deps.add(MatchSpec.parse(p.name() + " " + p.version() + " " + p.build()));
        }
        EnvironmentSpec pinned = new EnvironmentSpec(env.name(), env.channels(), deps, env.pip(), env.variables(),
                env.source());
        try {
            Resolution r = Resolver.resolve(pinned, opts);
            listener.info("kept the base's " + base.packages().size() + " packages as they are");
            return r;
        } catch (CondockException e) {
            listener.warn("the base's packages cannot all stay (" + e.getMessage() + "); solving without keeping "
                    + "them, changed ones will be replaced");
            return Resolver.resolve(env, opts);
        }
    }

    public static Path lock(Path environmentYml, BuildRequest req, Platform platform, BuildListener listener)
            throws CondockException {
        EnvironmentSpec env = EnvironmentSpec.read(environmentYml);
        BaseImage base = BaseImage.load(req.base(), platform, req.registry());
        BaseContents contents = new BaseInspector(new LayerScanner(req.cacheRoot()))
                .inspect(base.configBytes(), base.layers(), req.prefix(), false);
        Map<String, String> vp = VirtualPackages.resolve(platform, contents, req.virtualPackages());
        String archspec = vp.get("__archspec");
        if (archspec != null && archspec.contains("=")) {
            archspec = archspec.substring(archspec.indexOf('=') + 1);
        }
        listener.info("solving " + environmentYml + " for " + platform.subdir() + " with "
                + VirtualPackages.describe(vp));
        ResolveOptions opts = new ResolveOptions(List.of(platform.subdir()), vp.get("__cuda"), vp.get("__glibc"),
                archspec, 0, null, null, req.cacheRoot());
        Resolution r = solveKeepingBase(env, contents, opts, listener);
        String text = LockWriter.explicit(r, platform.subdir());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // content-addressed: the same solution is the same file, so the image's lock label stays reproducible
        Path out = req.cacheRoot().resolve("locks").resolve(Hashing.sha256Hex(bytes) + ".explicit.txt");
        try {
            Files.createDirectories(out.getParent());
            if (!Files.exists(out)) {
                AtomicFiles.write(out, bytes);
            }
        } catch (IOException e) {
            throw CondockException.environment("cannot write " + out + ": " + e.getMessage(), e);
        }
        listener.info("solved " + platform.subdir() + ": " + r.packages().get(platform.subdir()).size() + " packages");
        return out;
    }
}
