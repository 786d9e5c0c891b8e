package dev.condock.base;

import dev.condock.model.PackageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a package set relates to what the base holds in the same prefix: packages the base already has (same
 * dist: not installed again), packages that replace a base package of the same name (installed, the old files
 * whited out), and the rest (installed).
 *
 * @param install  what to install, in lock order
 * @param fromBase records of the lock the base already holds
 * @param replaces new dist → the base package it replaces
 * @param keptOnly base packages the lock does not name: they stay in the image, untouched
 */
public record BaseDelta(
        List<PackageRecord> install,
        List<PackageRecord> fromBase,
        Map<String, BasePackage> replaces,
        List<BasePackage> keptOnly) {

    public static BaseDelta of(BaseContents base, List<PackageRecord> lock) {
        List<PackageRecord> install = new ArrayList<>();
        List<PackageRecord> fromBase = new ArrayList<>();
        Map<String, BasePackage> replaces = new TreeMap<>();
        Map<String, BasePackage> rest = new TreeMap<>(base.packages());
        for (PackageRecord r : lock) {
            BasePackage old = rest.remove(r.name());
            if (old != null && old.dist().equals(r.dist())) {
                fromBase.add(r);
            } else {
                install.add(r);
                if (old != null) {
                    replaces.put(r.dist(), old);
                }
            }
        }
        return new BaseDelta(
                List.copyOf(install), List.copyOf(fromBase), Map.copyOf(replaces), List.copyOf(rest.values()));
    }
}
