/**
 * The {@code pip:} section: parse it ({@link dev.condock.pip.PipSection}), resolve it for the image
 * ({@link dev.condock.pip.PipResolver}) and fetch the chosen wheels ({@link dev.condock.pip.PipWheels}).
 *
 * <p>Resolution is pip 23's, ported rather than approximated, so that a build resolves what {@code pip install}
 * would for the same image: {@code Resolution} is resolvelib 1.0.1's backjumping loop, {@code PipProvider} is pip's
 * provider (finder filtering with packaging's pre-release rules, PEP 592 yanked, extras as separate nodes bound to
 * their base, Requires-Python as a pseudo-project, and pip's preference tuple). The differential tests hold it to
 * pip's own {@code --dry-run --report}. Everything is evaluated for a {@link dev.condock.pip.PipTarget}, never for
 * the host. Index access ({@code IndexClient}, {@code PipHttp}) reads PEP 503 HTML or PEP 691 JSON pages, file:
 * roots and find-links directories, and prefers PEP 658 metadata files to whole wheels.
 */
package dev.condock.pip;
