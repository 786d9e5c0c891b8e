package dev.condock.app;

import dev.condock.layer.LayerEntry;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layer entries of the app files: sources walked in name order, ignore files and {@code exclude:} applied,
 * modes reduced to the source's executable bit (so umask and mtimes never reach the layer), symlinks kept when
 * they stay inside the copied tree, anything else (fifo, socket, device, a link out of the tree) refused with
 * the path named.
 */
public final class AppFiles {
    private AppFiles() {}

    /** Every entry of {@code files}, in declaration order (a later file with the same image path replaces one). */
    public static List<LayerEntry> entries(List<AppFile> files) throws CondockException {
        List<LayerEntry> out = new ArrayList<>();
        Map<Path, IgnorePatterns> ignores = new HashMap<>();
        for (AppFile f : files) {
            IgnorePatterns ignore = ignores.get(f.context());
            if (ignore == null) {
                ignore = IgnorePatterns.forContext(f.context());
                ignores.put(f.context(), ignore);
            }
            IgnorePatterns exclude = IgnorePatterns.parse(f.exclude(), f.origin() + " exclude");
            try {
                new Walk(f, ignore, exclude, out).run();
            } catch (IOException e) {
                throw CondockException.user(f.origin() + ": cannot read " + f.src() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** One {@link AppFile}'s walk. */
    private record Walk(AppFile f, IgnorePatterns ignore, IgnorePatterns exclude, List<LayerEntry> out) {

        void run() throws IOException, CondockException {
            String dest = IgnorePatterns.clean(f.dest());
            if (!f.isGlob()) {
                Path src = f.context().resolve(f.src()).normalize();
                if (!Files.exists(src)) {
                    throw CondockException.user(f.origin() + ": " + src + " not found");
                }
                if (Files.isDirectory(src)) {
                    if (!strip(dest).isEmpty()) {
                        out.add(LayerEntry.directory(strip(dest)).ownedBy(f.uid(), f.gid()));
                    }
                    copyTree(src, dest);
                } else {
                    String to = f.dest().endsWith("/")
                            ? join(dest, src.getFileName().toString())
                            : dest;
                    copy(src, src.getParent(), to, src.getFileName().toString());
                }
                return;
            }
            List<Path> matches = glob();
            if (matches.isEmpty()) {
                throw CondockException.user(f.origin() + ": " + f.src() + " matches no file in " + f.context());
            }
            for (Path m : matches) {
                String to = join(dest, m.getFileName().toString());
                if (Files.isDirectory(m, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(LayerEntry.directory(strip(to)).ownedBy(f.uid(), f.gid()));
                    copyTree(m, to);
                } else {
                    copy(m, m.getParent(), to, m.getFileName().toString());
                }
            }
        }

        /** Paths under the context matching the glob (Go filepath.Match per element, "**" any depth), sorted. */
        private List<Path> glob() throws IOException {
            Pattern p = Pattern.compile(IgnorePatterns.regex(IgnorePatterns.clean(f.src())));
            try (Stream<Path> all = Files.walk(f.context())) {
                return all.filter(x -> !x.equals(f.context()))
                        .filter(x -> p.matcher(rel(f.context(), x)).matches())
                        .filter(x -> !ignore.excludes(rel(f.context(), x)))
                        .sorted()
                        .toList();
            }
        }

        /** A directory's contents, below {@code to}. */
        private void copyTree(Path root, String to) throws IOException, CondockException {
            walk(root, root, to);
        }

        private void walk(Path root, Path dir, String to) throws IOException, CondockException {
            List<Path> children;
            try (Stream<Path> s = Files.list(dir)) {
                children = s.sorted().toList();
            }
            for (Path c : children) {
                String relToRoot = rel(root, c);
                String target = join(to, c.getFileName().toString());
                boolean excluded = isExcluded(root, c);
                PosixFileAttributes a = Files.readAttributes(c, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    if (!excluded) {
                        out.add(LayerEntry.directory(strip(target)).ownedBy(f.uid(), f.gid()));
                    }
                    if (!excluded || ignore.hasExceptions() || exclude.hasExceptions()) {
                        walk(root, c, target); // an exception may re-include something below
                    }
                } else if (!excluded) {
                    copy(c, root, target, relToRoot);
                }
            }
        }

        private boolean isExcluded(Path root, Path p) {
            if (exclude.excludes(rel(root, p))) {
                return true;
            }
            return p.startsWith(f.context()) && ignore.excludes(rel(f.context(), p));
        }

        /** One non-directory; {@code root} is the tree a symlink must stay in. */
        private void copy(Path p, Path root, String to, String shown) throws IOException, CondockException {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String path = strip(to);
            if (a.isSymbolicLink()) {
                String link = Files.readSymbolicLink(p).toString();
                Path resolved = p.getParent().resolve(link).normalize();
                if (link.startsWith("/") || !resolved.startsWith(root)) {
                    throw CondockException.user(f.origin() + ": " + p + " is a symlink to " + link
                            + ", outside the copied tree " + root + " (it would dangle in the image)");
                }
                out.add(LayerEntry.symlink(path, link).ownedBy(f.uid(), f.gid()));
            } else if (a.isRegularFile()) {
                int mode = f.mode() != null
                        ? f.mode()
                        : a.permissions().contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
                out.add(LayerEntry.file(path, mode, p, a.size()).ownedBy(f.uid(), f.gid()));
            } else {
                throw CondockException.user(
                        f.origin() + ": " + p + " is a special file (fifo, socket or device): " + "refused");
            }
        }
    }

    static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static String strip(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }
}
