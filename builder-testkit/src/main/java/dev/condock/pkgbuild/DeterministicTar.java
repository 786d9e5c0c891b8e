package dev.condock.pkgbuild;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes tar members with fixed metadata (uid/gid 0, empty owner names, one fixed mtime) in the order given,
 * so the bytes depend on the members only. Long names use POSIX (PAX) headers, which GNU tar and conda read.
 */
final class DeterministicTar {
    /** 2020-01-01T00:00:00Z: a fixed, plausible mtime (tar tools warn about neither it nor the epoch). */
    static final long FIXED_MTIME_SECONDS = 1577836800L;

    private DeterministicTar() {}

    /** Writes {@code members} as one tar stream to {@code out}; does not close {@code out}. */
    static void write(List<TarMember> members, OutputStream out) throws IOException {
        TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new NonClosingOutputStream(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        for (TarMember m : members) {
            TarArchiveEntry e = entryFor(m);
            e.setModTime(FIXED_MTIME_SECONDS * 1000L);
            e.setUserId(0);
            e.setGroupId(0);
            e.setUserName("");
            e.setGroupName("");
            tar.putArchiveEntry(e);
            if (m.kind() == TarMember.Kind.FILE) {
                tar.write(m.data());
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.close();
    }

    private static TarArchiveEntry entryFor(TarMember m) {
        // preserveAbsolutePath: write names exactly as given (tests need "/etc/x" and "../x" members).
        TarArchiveEntry e;
        switch (m.kind()) {
            case FILE -> {
                e = new TarArchiveEntry(m.name(), TarConstants.LF_NORMAL, true);
                e.setSize(m.data().length);
            }
            case DIRECTORY ->
                e = new TarArchiveEntry(m.name().endsWith("/") ? m.name() : m.name() + "/", TarConstants.LF_DIR, true);
            case SYMLINK -> {
                e = new TarArchiveEntry(m.name(), TarConstants.LF_SYMLINK, true);
                e.setLinkName(m.linkTarget());
            }
            case HARDLINK -> {
                e = new TarArchiveEntry(m.name(), TarConstants.LF_LINK, true);
                e.setLinkName(m.linkTarget());
            }
            case CHAR_DEVICE -> {
                e = new TarArchiveEntry(m.name(), TarConstants.LF_CHR, true);
                e.setDevMajor(1);
                e.setDevMinor(3);
            }
            case FIFO -> e = new TarArchiveEntry(m.name(), TarConstants.LF_FIFO, true);
            default -> throw new IllegalStateException(m.kind().toString());
        }
        e.setMode(typeBits(m.kind()) | (m.mode() & 07777));
        return e;
    }

    private static int typeBits(TarMember.Kind kind) {
        return switch (kind) {
            case FILE, HARDLINK -> 0100000;
            case DIRECTORY -> 040000;
            case SYMLINK -> 0120000;
            case CHAR_DEVICE -> 020000;
            case FIFO -> 010000;
        };
    }
}
