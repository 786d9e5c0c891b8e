/**
 * Installing conda packages into a prefix, as data: {@link dev.condock.install.PackageInstaller} turns one
 * verified archive into the {@link dev.condock.model.TreeEntry entries} it adds (content staged on disk), and
 * {@link dev.condock.install.EnvironmentInstaller} does a whole environment in install order. Nothing is written
 * to a real prefix and nothing from a package is run.
 *
 * <p>Decisions where conda's behaviour is not the whole answer:
 * <ul>
 *   <li>Modes come from the archive, never the builder's file system or umask; group/other write and
 *       setuid/setgid/sticky bits are dropped (as Python's tar "data" filter does).</li>
 *   <li>Only {@code info/paths.json}'s directories become DIRECTORY entries; parent directories are the layer
 *       writer's business.</li>
 *   <li>A symlink with an empty target (stripped test copies of real packages) cannot exist on Linux: it is
 *       installed as an empty file with a warning, which is what its {@code .tar.bz2} twin holds.</li>
 *   <li>Paths a manifest lists but the archive lacks (metadata-only copies) are skipped with one warning.</li>
 *   <li>Symlinks must stay inside the prefix, judged by following the package's own symlink chains and, after
 *       all packages, the merged tree's. Absolute symlink targets are refused.</li>
 *   <li>A HARDLINK entry carries its content too, so a layer writer that must copy (across layers) can.</li>
 *   <li>conda-meta paths_data uses installed paths (conda keeps noarch python's package paths there);
 *       {@code link.source} and {@code extracted_package_dir} name {@code <prefix>/pkgs/<dist>}.</li>
 *   <li>Entry point scripts follow conda's template (4-space indent; rattler's snapshot uses a tab).
 *       No .pyc files are compiled: that would need python at build time.</li>
 *   <li>Text replacement rewrites shebangs over 127 bytes (Linux's limit) as conda does on Linux; Windows
 *       specifics (pyzzer launchers, backslash prefixes) are not handled: images are Linux.</li>
 * </ul>
 */
package dev.condock.install;
