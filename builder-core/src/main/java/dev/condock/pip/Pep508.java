package dev.condock.pip;

import dev.condock.util.CondockException;

/** PEP 508 requirement parser. */
final class Pep508 {
    private Pep508() {}

    static PipRequirement parse(String text) throws CondockException {
        throw CondockException.user("pip: requirement parser not implemented yet: " + text);
    }
}
