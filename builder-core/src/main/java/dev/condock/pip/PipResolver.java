package dev.condock.pip;

import dev.condock.util.CondockException;
import java.util.List;
import java.util.Map;

/** Resolves pip requirements to wheels for a target, as pip's resolver would. */
public final class PipResolver {
    private PipResolver() {}

    /**
     * @param installed normalized name → version already in the prefix from conda (satisfy requirements; never replaced)
     * @return the wheels to install, dependencies first; installed distributions are not included
     */
    public static List<ResolvedWheel> resolve(List<PipRequirement> reqs, Map<String, String> installed,
                                              PipTarget target, PipOptions opts) throws CondockException {
        throw CondockException.user("pip: resolver not implemented yet");
    }
}
