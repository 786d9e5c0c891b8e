package dev.condock.pkgbuild;

/** The two conda package formats: CEP 34 ({@code .tar.bz2}) and CEP 35 ({@code .conda}). */
public enum ArchiveFormat {
    TAR_BZ2(".tar.bz2"),
    CONDA(".conda");

    private final String extension;

    ArchiveFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }
}
