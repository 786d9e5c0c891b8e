package dev.condock.pipeline;

import dev.condock.base.BaseContents;
import dev.condock.base.BasePackage;
import dev.condock.lock.LockFile;
import dev.condock.lock.LockInputs;
import dev.condock.lock.LockWriter;
import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import dev.condock.solve.Resolution;
import dev.condock.solve.ResolveOptions;
import dev.condock.solve.Resolver;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * environment.yml → the @EXPLICIT lock of one platform, solved with the virtual packages the target image offers
 * (platform defaults, then the base, then what the user declared): the build machine never decides them, so a
 * CPU-only runner solves a GPU image like a GPU host would. The lock is a value: its records go to the installer
 * as they are, its bytes into the image and the lock file the build writes.
 */
final class Solving {
    private Solving() {}

    /** The solve itself (the build's record keeps it as a conda-lock.yml). */
    static Resolution resolve(
            BuildRequest.FromEnvironment env,
            BuildRequest req,
            Platform platform,
            BaseContents base,
            VirtualPackages vp,
            BuildListener listener)
            throws CondockException {
        listener.info("solving " + env.file() + " for " + platform.subdir() + " with " + vp.describe());
        ResolveOptions opts = new ResolveOptions(
                Map.of(platform, vp),
                req.solve().excludeNewerMillis(),
                req.solve().strictPriority(),
                req.solve().condarc(),
                req.cacheRoot(),
                req.solve().keepMirrorUrls());
        Resolution r = solveKeepingBase(env.spec(), base, opts, listener);
        r.warnings().forEach(listener::warn);
        return r;
    }

    /** The solve's lock, with the environment's pip part resolved against it. */
    static LockFile lock(
            BuildRequest.FromEnvironment env,
            BuildRequest req,
            Platform platform,
            VirtualPackages vp,
            Resolution r,
            BuildListener listener,
            Workers workers)
            throws CondockException {
        List<dev.condock.lock.LockedWheel> pip = dev.condock.wheel.PipLocking.resolve(
                env.spec().pip(),
                env.file(),
                r.packages(platform).stream().map(p -> p.record()).toList(),
                platform,
                vp,
                req.cacheRoot(),
                workers,
                req.solve().pipIndex(),
                listener::warn);
        LockFile lock = LockWriter.explicitLock(r, platform, env.file().toString(), pip, LockInputs.of(env.spec()));
        listener.info("solved " + platform.subdir() + ": " + lock.packages().size() + " packages"
                + (pip.isEmpty() ? "" : " + " + pip.size() + " pip wheels"));
        return lock;
    }

    /**
     * Like conda installing into an existing environment: the base's packages stay as they are when the
     * environment allows it (each pinned to its exact version and build); only when that cannot be solved does
     * the solve run free, and the packages that change are then replaced (whited out) by the build.
     */
    static Resolution solveKeepingBase(
            EnvironmentSpec env, BaseContents base, ResolveOptions opts, BuildListener listener)
            throws CondockException {
        if (base.packages().isEmpty()) {
            return Resolver.resolve(env, opts, listener::downloads);
        }
        List<MatchSpec> deps = new ArrayList<>(env.dependencies());
        for (BasePackage p : base.packages().values()) {
            deps.add(MatchSpec.parse(p.name() + " " + p.version() + " " + p.build()));
        }
        EnvironmentSpec pinned =
                new EnvironmentSpec(env.name(), env.channels(), deps, env.pip(), env.variables(), env.source());
        try {
            Resolution r = Resolver.resolve(pinned, opts, listener::downloads);
            listener.info("kept the base's " + base.packages().size() + " packages as they are");
            return r;
        } catch (CondockException e) {
            listener.warn("the base's packages cannot all stay (" + e.getMessage() + "); solving without keeping "
                    + "them, changed ones will be replaced");
            return Resolver.resolve(env, opts, listener::downloads);
        }
    }
}
