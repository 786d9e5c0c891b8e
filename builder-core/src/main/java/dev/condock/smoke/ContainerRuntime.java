package dev.condock.smoke;

import dev.condock.util.CondockException;
import java.util.Locale;

/** Which program runs the image: AUTO takes podman, then docker (when a daemon answers), then runc + umoci. */
public enum ContainerRuntime {
    AUTO,
    PODMAN,
    DOCKER,
    RUNC;

    public static ContainerRuntime parse(String s) throws CondockException {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CondockException.user("--runtime must be auto, podman, docker or runc, not '" + s + "'");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
