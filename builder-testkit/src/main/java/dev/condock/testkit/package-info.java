/**
 * Scratch directories for tests that drive real runtimes: {@link dev.condock.testkit.Scratch} removes what a test
 * run leaves (podman and containerd storage, registry blobs) so that repeated runs on one machine do not fill it.
 */
package dev.condock.testkit;
