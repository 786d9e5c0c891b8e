package dev.condock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.diff.PackageChange;
import dev.condock.diff.PackageDiff;
import dev.condock.diff.PackageEntry;
import dev.condock.pipeline.ImageDiff;
import dev.condock.util.Json;
import dev.condock.util.Sizes;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code condock diff}'s package section as text, JSON and markdown (a pull-request comment). */
final class DiffFormat {
    private DiffFormat() {}

    static String summary(PackageDiff d) {
        return String.format(
                "%d added, %d removed, %d upgraded, %d downgraded, %d rebuilt, %d unchanged",
                d.count(PackageChange.Kind.ADDED),
                d.count(PackageChange.Kind.REMOVED),
                d.count(PackageChange.Kind.UPGRADED),
                d.count(PackageChange.Kind.DOWNGRADED),
                d.count(PackageChange.Kind.REBUILT),
                d.unchanged());
    }

    static String totals(PackageDiff d, String arrow) {
        return "archives " + Sizes.human(d.oldTotal()) + arrow + Sizes.human(d.newTotal()) + " ("
                + signed(d.newTotal() - d.oldTotal()) + (d.sizesKnown() ? "" : ", some sizes unknown") + "), installed "
                + Sizes.human(d.oldInstalled()) + arrow + Sizes.human(d.newInstalled()) + " ("
                + signed(d.newInstalled() - d.oldInstalled()) + ")";
    }

    static String packagesText(PackageDiff d, long warn) {
        StringBuilder sb = new StringBuilder("packages: " + summary(d) + "; " + totals(d, " -> ") + "\n");
        Set<PackageChange> big = Set.copyOf(d.bigAdditions(warn));
        for (PackageChange c : d.changes()) {
            sb.append(String.format(
                    "  %-10s %-24s %-28s %-28s %11s %11s%s%n",
                    c.lowerKind(),
                    name(c),
                    c.before() == null ? "" : c.before().versionBuild(),
                    c.after() == null ? "" : c.after().versionBuild(),
                    signed(c.archiveDelta()),
                    signed(c.installedDelta()),
                    big.contains(c) ? "  ! over --warn-size " + Sizes.human(warn) : ""));
        }
        return sb.append("layers: ").toString();
    }

    static ObjectNode packagesJson(PackageDiff d, long warn) {
        ObjectNode o = Json.CANONICAL.createObjectNode();
        o.put("added", d.count(PackageChange.Kind.ADDED));
        o.put("removed", d.count(PackageChange.Kind.REMOVED));
        o.put("upgraded", d.count(PackageChange.Kind.UPGRADED));
        o.put("downgraded", d.count(PackageChange.Kind.DOWNGRADED));
        o.put("rebuilt", d.count(PackageChange.Kind.REBUILT));
        o.put("unchanged", d.unchanged());
        o.put("oldArchiveBytes", d.oldTotal());
        o.put("newArchiveBytes", d.newTotal());
        o.put("oldInstalledBytes", d.oldInstalled());
        o.put("newInstalledBytes", d.newInstalled());
        o.put("sizesKnown", d.sizesKnown());
        o.put("warnSizeBytes", warn);
        Set<PackageChange> big = Set.copyOf(d.bigAdditions(warn));
        ArrayNode arr = o.putArray("changes");
        for (PackageChange c : d.changes()) {
            ObjectNode n = arr.addObject();
            n.put("kind", c.lowerKind());
            n.put("manager", c.manager());
            n.put("name", c.name());
            if (c.before() != null) n.set("old", entry(c.before()));
            if (c.after() != null) n.set("new", entry(c.after()));
            n.put("archiveDelta", c.archiveDelta());
            n.put("installedDelta", c.installedDelta());
            n.put("overWarnSize", big.contains(c));
        }
        return o;
    }

    private static ObjectNode entry(PackageEntry e) {
        ObjectNode n = Json.CANONICAL.createObjectNode();
        n.put("version", e.version());
        n.put("build", e.build());
        n.put("archiveBytes", e.archiveBytes());
        n.put("installedBytes", e.installedBytes());
        return n;
    }

    static String markdown(String oldRef, String newRef, PackageDiff d, long warn, ImageDiff layers) {
        StringBuilder sb = new StringBuilder("### condock diff: `" + oldRef + "` → `" + newRef + "`\n\n");
        sb.append("**Packages:** ")
                .append(summary(d))
                .append("  \n")
                .append(totals(d, " → "))
                .append("\n\n");
        List<PackageChange> big = d.bigAdditions(warn);
        if (!big.isEmpty()) {
            sb.append("> :warning: over ")
                    .append(Sizes.human(warn))
                    .append(": ")
                    .append(big.stream()
                            .map(c -> "**" + c.name() + "** (" + signed(Math.max(c.archiveDelta(), c.installedDelta()))
                                    + ")")
                            .collect(Collectors.joining(", ")))
                    .append("\n\n");
        }
        if (!d.changes().isEmpty()) {
            sb.append("| change | package | old | new | archive | installed |\n|---|---|---|---|--:|--:|\n");
            for (PackageChange c : d.changes()) {
                sb.append("| ")
                        .append(c.lowerKind())
                        .append(" | ")
                        .append(big.contains(c) ? "**" + name(c) + "**" : name(c))
                        .append(" | ")
                        .append(c.before() == null ? "" : "`" + c.before().versionBuild() + "`")
                        .append(" | ")
                        .append(c.after() == null ? "" : "`" + c.after().versionBuild() + "`")
                        .append(" | ")
                        .append(signed(c.archiveDelta()))
                        .append(" | ")
                        .append(signed(c.installedDelta()))
                        .append(" |\n");
            }
            sb.append('\n');
        }
        sb.append("<details><summary>Layers: ")
                .append(String.format(
                        "%d kept, %d changed, %d added, %d removed; push " + "uploads %s of %s",
                        layers.kept(),
                        layers.count(ImageDiff.Kind.CHANGED),
                        layers.count(ImageDiff.Kind.ADDED),
                        layers.count(ImageDiff.Kind.REMOVED),
                        Sizes.human(layers.uploadBytes()),
                        Sizes.human(layers.newTotalBytes())))
                .append("</summary>\n\n");
        if (!layers.changes().isEmpty()) {
            sb.append("| change | layer | size | packages |\n|---|---|--:|---|\n");
            for (ImageDiff.Change c : layers.changes()) {
                String pk = (c.removed().stream().map(r -> "-" + r).collect(Collectors.joining(" ")) + " "
                                + c.added().stream().map(a -> "+" + a).collect(Collectors.joining(" ")))
                        .strip();
                sb.append("| ")
                        .append(c.kind().name().toLowerCase())
                        .append(" | ")
                        .append(c.layer())
                        .append(" | ")
                        .append(c.kind() == ImageDiff.Kind.REMOVED ? "" : Sizes.human(c.size()))
                        .append(" | ")
                        .append(pk)
                        .append(" |\n");
            }
            sb.append('\n');
        }
        return sb.append("</details>\n").toString();
    }

    /** pip packages are marked, conda ones are plain names. */
    private static String name(PackageChange c) {
        return c.manager().equals(PackageEntry.CONDA) ? c.name() : c.name() + " (" + c.manager() + ")";
    }

    static String signed(long n) {
        return n == 0 ? "0 B" : (n > 0 ? "+" : "-") + Sizes.human(Math.abs(n));
    }
}
