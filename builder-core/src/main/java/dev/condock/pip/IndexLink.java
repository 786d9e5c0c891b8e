package dev.condock.pip;

/**
 * One file an index or find-links location offers for a project.
 *
 * @param filename       the file name (wheel or sdist)
 * @param url            absolute URL without fragment and without credentials (file: for local files)
 * @param sha256         hex digest from the hash fragment or JSON hashes, or null
 * @param requiresPython the data-requires-python / requires-python value, or null
 * @param yanked         PEP 592 yanked
 * @param metadata       PEP 658/714: null when no metadata file is offered, "" when offered without a hash, else
 *                       its sha256 hex
 * @param source         the index or find-links location it came from, redacted, for messages
 */
record IndexLink(
        String filename,
        String url,
        String sha256,
        String requiresPython,
        boolean yanked,
        String metadata,
        String source) {}
