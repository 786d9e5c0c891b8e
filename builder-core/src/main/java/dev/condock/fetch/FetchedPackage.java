package dev.condock.fetch;

import dev.condock.model.PackageRecord;
import java.nio.file.Path;

/** A package archive on local disk whose bytes matched the lock's hash; the record carries both hashes and size. */
public record FetchedPackage(PackageRecord record, Path archive) {}
