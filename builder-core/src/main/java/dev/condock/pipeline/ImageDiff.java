package dev.condock.pipeline;

import dev.condock.image.ImageBlobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changes between two images, layer by layer. A layer of NEW whose digest OLD has is kept; otherwise it is
 * changed when OLD has a layer of the same plan name, else added; OLD's layers whose name and digest NEW lacks
 * are removed. A push of NEW where OLD already is uploads the layers not kept, the config and the manifest.
 */
public record ImageDiff(List<Change> changes, int kept, long uploadBytes, long newTotalBytes) {
    public enum Kind {
        KEPT,
        CHANGED,
        ADDED,
        REMOVED
    }

    /** One layer's fate; {@code added}/{@code removed} are the dists that came or went in it. */
    public record Change(Kind kind, String layer, String digest, long size, List<String> added, List<String> removed) {
        public Change {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    public ImageDiff {
        changes = List.copyOf(changes);
    }

    public static ImageDiff of(ImageBlobs oldImage, ImageBlobs newImage) {
        Set<String> oldDigests = new HashSet<>();
        Map<String, ImageBlobs.Layer> oldByName = new LinkedHashMap<>();
        for (ImageBlobs.Layer l : oldImage.layers()) {
            oldDigests.add(l.descriptor().digest());
            oldByName.putIfAbsent(name(l), l);
        }
        Set<String> newDigests = new HashSet<>();
        Set<String> newNames = new HashSet<>();
        List<Change> changes = new ArrayList<>();
        int kept = 0;
        long total = newImage.config().size() + newImage.manifest().size();
        // config and manifest go up only when they differ (the same image is one the registry already has)
        long upload = (newImage.config().digest().equals(oldImage.config().digest())
                        ? 0
                        : newImage.config().size())
                + (newImage.manifest().digest().equals(oldImage.manifest().digest())
                        ? 0
                        : newImage.manifest().size());
        for (ImageBlobs.Layer l : newImage.layers()) {
            String name = name(l);
            String digest = l.descriptor().digest();
            long size = l.descriptor().size();
            newDigests.add(digest);
            newNames.add(name);
            total += size;
            if (oldDigests.contains(digest)) {
                kept++;
                continue;
            }
            upload += size;
            ImageBlobs.Layer before = oldByName.get(name);
            if (before != null) {
                changes.add(new Change(
                        Kind.CHANGED,
                        name,
                        digest,
                        size,
                        minus(packages(l), packages(before)),
                        minus(packages(before), packages(l))));
            } else {
                changes.add(new Change(Kind.ADDED, name, digest, size, packages(l), List.of()));
            }
        }
        for (ImageBlobs.Layer l : oldImage.layers()) {
            if (!newNames.contains(name(l))
                    && !newDigests.contains(l.descriptor().digest())) {
                changes.add(new Change(
                        Kind.REMOVED,
                        name(l),
                        l.descriptor().digest(),
                        l.descriptor().size(),
                        List.of(),
                        packages(l)));
            }
        }
        return new ImageDiff(changes, kept, upload, total);
    }

    public long count(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }

    /** The plan's layer name; images without it are matched by their package list, base layers by digest. */
    static String name(ImageBlobs.Layer l) {
        Map<String, String> a = l.descriptor().annotations();
        String n = a.get(Labels.ANNOTATION_LAYER);
        if (n != null && !n.isBlank()) {
            return n;
        }
        String p = a.get(Labels.ANNOTATION_PACKAGES);
        return p != null && !p.isBlank()
                ? p
                : "layer " + l.descriptor().digest().substring(7, 19);
    }

    static List<String> packages(ImageBlobs.Layer l) {
        String p = l.descriptor().annotations().getOrDefault(Labels.ANNOTATION_PACKAGES, "");
        return p.isBlank() ? List.of() : Arrays.asList(p.split(" "));
    }

    private static List<String> minus(List<String> a, List<String> b) {
        Set<String> out = new TreeSet<>(a);
        b.forEach(out::remove);
        return new ArrayList<>(out);
    }
}
