package dev.condock.wheel;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A verified wheel file to install.
 *
 * @param filename  the wheel's file name (tags and the distribution come from it)
 * @param archive   the wheel on local disk, its sha256 already checked by the fetcher
 * @param sha256    that sha256 (for direct_url.json)
 * @param requested a top-level requirement: gets a REQUESTED file
 * @param directUrl the URL of a PEP 508 direct reference ({@code name @ URL}), written to direct_url.json
 *                  (PEP 610); null for a wheel found on an index
 */
public record WheelToInstall(String filename, Path archive, String sha256, boolean requested, String directUrl) {
    public WheelToInstall {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(archive, "archive");
    }
}
