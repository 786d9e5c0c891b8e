package dev.condock.install;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a symlink stays inside the prefix, following the symlinks it passes through (a chain
 * {@code a -> b/..} where {@code b -> .} sits at the prefix root leaves it, though each link alone looks fine).
 * Paths not in the symlink map are taken as plain directories.
 */
final class LinkGuard {
    /** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS). */
    static final int MAX_HOPS = 40;

    enum Verdict {
        INSIDE,
        ABSOLUTE,
        ESCAPES,
        LOOP
    }

    private final Map<String, String> symlinks;

    /** @param symlinks prefix-relative link path -> target as stored */
    LinkGuard(Map<String, String> symlinks) {
        this.symlinks = symlinks;
    }

    Verdict check(String linkPath, String target) {
        if (target.startsWith("/")) {
            return Verdict.ABSOLUTE;
        }
        Deque<String> todo = new ArrayDeque<>();
        int slash = linkPath.lastIndexOf('/');
        if (slash > 0) {
            split(linkPath.substring(0, slash), todo);
        }
        split(target, todo);
        List<String> resolved = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (resolved.isEmpty()) {
                    return Verdict.ESCAPES;
                }
                resolved.remove(resolved.size() - 1);
                continue;
            }
            String candidate = resolved.isEmpty() ? c : String.join("/", resolved) + "/" + c;
            String next = symlinks.get(candidate);
            // the last component is not followed: a symlink there is checked on its own, and a loop of
            // links that all stay inside is harmless
            if (next == null || todo.isEmpty()) {
                resolved.add(c);
                continue;
            }
            if (++hops > MAX_HOPS) {
                return Verdict.LOOP;
            }
            if (next.startsWith("/")) {
                return Verdict.ABSOLUTE;
            }
            Deque<String> expanded = new ArrayDeque<>();
            split(next, expanded);
            while (!expanded.isEmpty()) {
                todo.addFirst(expanded.pollLast());
            }
        }
        return Verdict.INSIDE;
    }

    private static void split(String path, Deque<String> into) {
        for (String part : path.split("/")) {
            into.addLast(part);
        }
    }
}
