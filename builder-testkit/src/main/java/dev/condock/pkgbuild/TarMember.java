package dev.condock.pkgbuild;

import java.util.Objects;

/**
 * One member of a tar stream inside a conda package, as written: no host metadata (owner, times) is carried,
 * so two writes of the same members give the same bytes. Device and fifo kinds exist so tests can build the
 * hostile archives an installer must refuse.
 *
 * @param name       member name as it goes into the tar header (normally prefix-relative, no leading slash)
 * @param kind       file, directory, symlink, hardlink, char device or fifo
 * @param mode       permission bits
 * @param data       content of a FILE, empty otherwise
 * @param linkTarget target of a SYMLINK or HARDLINK, null otherwise
 */
public record TarMember(String name, Kind kind, int mode, byte[] data, String linkTarget) {
    public enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK,
        CHAR_DEVICE,
        FIFO
    }

    public TarMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        data = data == null ? new byte[0] : data;
    }

    public static TarMember file(String name, byte[] data, int mode) {
        return new TarMember(name, Kind.FILE, mode, data, null);
    }

    public static TarMember directory(String name, int mode) {
        return new TarMember(name, Kind.DIRECTORY, mode, null, null);
    }

    public static TarMember symlink(String name, String target) {
        return new TarMember(name, Kind.SYMLINK, 0777, null, Objects.requireNonNull(target));
    }

    public static TarMember hardlink(String name, String target) {
        return new TarMember(name, Kind.HARDLINK, 0644, null, Objects.requireNonNull(target));
    }

    public static TarMember charDevice(String name) {
        return new TarMember(name, Kind.CHAR_DEVICE, 0644, null, null);
    }

    public static TarMember fifo(String name) {
        return new TarMember(name, Kind.FIFO, 0644, null, null);
    }
}
