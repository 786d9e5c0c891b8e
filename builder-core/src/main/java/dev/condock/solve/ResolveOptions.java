package dev.condock.solve;

import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of {@link Resolver#resolve}: the target platforms with the virtual packages each offers,
 * {@code --exclude-newer} (epoch millis, 0 = none), channel priority ({@code null} = .condarc, strict when it
 * says nothing), the .condarc to read (null = conda's search path), the cache root for downloaded repodata
 * (null = default) and whether package URLs keep the mirror they were read from (default: the canonical URL).
 *
 * @param targets platform → its virtual packages, in the order the platforms were asked for
 */
public record ResolveOptions(
        Map<Platform, VirtualPackages> targets,
        long excludeNewerMillis,
        Boolean strictPriority,
        Path condarc,
        Path cacheRoot,
        boolean keepMirrorUrls) {
    public ResolveOptions {
        targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    public ResolveOptions(
            Map<Platform, VirtualPackages> targets,
            long excludeNewerMillis,
            Boolean strictPriority,
            Path condarc,
            Path cacheRoot) {
        this(targets, excludeNewerMillis, strictPriority, condarc, cacheRoot, false);
    }

    /** Each platform with its default virtual packages. */
    public static ResolveOptions forPlatforms(List<Platform> platforms) {
        Map<Platform, VirtualPackages> t = new LinkedHashMap<>();
        platforms.forEach(p -> t.put(p, VirtualPackages.defaults(p)));
        return new ResolveOptions(t, 0, null, null, null);
    }

    public List<Platform> platforms() {
        return List.copyOf(targets.keySet());
    }

    public ResolveOptions withExcludeNewer(long millis) {
        return new ResolveOptions(targets, millis, strictPriority, condarc, cacheRoot, keepMirrorUrls);
    }

    public ResolveOptions withCacheRoot(Path root) {
        return new ResolveOptions(targets, excludeNewerMillis, strictPriority, condarc, root, keepMirrorUrls);
    }
}
