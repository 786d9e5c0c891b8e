package dev.condock.lock;

import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a lock file of either kind: @EXPLICIT (CEP 23) or conda-lock.yml (CEP 37), told apart by content. */
public final class LockReader {
    private LockReader() {}

    public static LockFile read(Path file, Platform platform) throws CondockException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CondockException.user(file + ": lock file not found");
        } catch (IOException e) {
            throw CondockException.user(file + ": cannot read lock file: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String sha = Hashing.sha256Hex(bytes);
        if (ExplicitLockParser.looksExplicit(text)) {
            return new LockFile(
                    file.toString(),
                    platform,
                    ExplicitLockParser.parse(file.toString(), text, platform.subdir()),
                    sha,
                    bytes,
                    PipLockEntries.fromExplicit(file.toString(), text));
        }
        return new LockFile(
                file.toString(),
                platform,
                CondaLockParser.parse(file.toString(), text, platform.subdir()),
                sha,
                bytes,
                PipLockEntries.fromCondaLock(file.toString(), text, platform.subdir()));
    }
}
