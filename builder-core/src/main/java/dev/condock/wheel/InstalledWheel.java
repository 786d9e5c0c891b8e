package dev.condock.wheel;

import dev.condock.model.TreeEntry;
import java.util.List;

/**
 * One wheel as installed into the prefix.
 *
 * @param name     PEP 503 normalized name
 * @param version  its version
 * @param filename the wheel file it came from
 * @param size     the wheel's bytes (what the layer planner weighs, like a conda archive's size)
 * @param entries  prefix-relative entries, sorted by path, content staged on disk
 */
public record InstalledWheel(String name, String version, String filename, long size, List<TreeEntry> entries) {
    public InstalledWheel {
        entries = List.copyOf(entries);
    }
}
