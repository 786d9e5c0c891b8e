package dev.condock.layer;

import dev.condock.image.Descriptor;
import dev.condock.util.CondockException;

/**
 * Layer compression: gzip is the default because umoci (and so Apptainer) and Charliecloud reject zstd. eStargz is
 * gzip as every consumer reads it, laid out for lazy pulling ({@link EstargzWriter}).
 */
public enum Compression {
    GZIP(Descriptor.LAYER_GZIP),
    ZSTD(Descriptor.LAYER_ZSTD),
    ESTARGZ(Descriptor.LAYER_GZIP);

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Compression parse(String s) throws CondockException {
        return switch (s.toLowerCase()) {
            case "gzip", "gz" -> GZIP;
            case "zstd", "zst" -> ZSTD;
            case "estargz" -> ESTARGZ;
            default -> throw CondockException.user("unknown compression '" + s + "' (use gzip, zstd or estargz)");
        };
    }
}
