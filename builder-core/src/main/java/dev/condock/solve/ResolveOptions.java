package dev.condock.solve;

import java.nio.file.Path;
import java.util.List;

/**
 * Options of {@link Resolver#resolve}: target platforms, virtual package flags, {@code --exclude-newer}
 * (epoch millis, 0 = none), channel priority ({@code null} = .condarc, strict when it says nothing), the
 * .condarc to read (null = none) and the cache root for downloaded repodata.
 */
public record ResolveOptions(List<String> platforms, String cuda, String glibc, String archspec,
                             long excludeNewerMillis, Boolean strictPriority, Path condarc, Path cacheRoot) {
    public ResolveOptions {
        platforms = List.copyOf(platforms);
    }

    public static ResolveOptions forPlatforms(List<String> platforms) {
        return new ResolveOptions(platforms, null, null, null, 0, null, null, null);
    }
}
