package dev.condock.solve;

import dev.condock.model.PackageRecord;

/** One package of a solution and the short name of the channel it came from. */
public record SolvedPackage(String channel, PackageRecord record) {
    /** conda's {@code channel::name-version-build}. */
    public String distString() {
        return channel + "::" + record.dist();
    }
}
