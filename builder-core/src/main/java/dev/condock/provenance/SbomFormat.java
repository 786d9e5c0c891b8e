package dev.condock.provenance;

import dev.condock.util.CondockException;

/** The SBOM a build embeds (and pushes as a referrer): SPDX 2.3 JSON by default, CycloneDX 1.6 JSON, or none. */
public enum SbomFormat {
    SPDX("sbom.spdx.json", "application/spdx+json"),
    CYCLONEDX("sbom.cdx.json", "application/vnd.cyclonedx+json"),
    NONE(null, null);

    private final String fileName;
    private final String mediaType;

    SbomFormat(String fileName, String mediaType) {
        this.fileName = fileName;
        this.mediaType = mediaType;
    }

    /** The file name in the record layer and in {@code export}'s output; null for NONE. */
    public String fileName() {
        return fileName;
    }

    /** The artifactType of the SBOM as an OCI referrer; null for NONE. */
    public String mediaType() {
        return mediaType;
    }

    /** "spdx", "cyclonedx" or "none" (the {@code --sbom} flag); anything else is a user error. */
    public static SbomFormat parse(String s) throws CondockException {
        return switch (s == null ? "spdx" : s) {
            case "spdx" -> SPDX;
            case "cyclonedx" -> CYCLONEDX;
            case "none" -> NONE;
            default -> throw CondockException.user("--sbom must be spdx, cyclonedx or none, not " + s);
        };
    }
}
