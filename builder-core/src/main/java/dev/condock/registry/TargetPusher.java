package dev.condock.registry;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageIndex;
import dev.condock.image.RegistryTarget;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.util.function.Consumer;

/**
 * Pushes to {@link RegistryTarget}s through one {@link JibRegistry}, opened when the first push needs it, and reports
 * each pushed manifest to {@code pushed}.
 */
public final class TargetPusher implements RegistryTarget.Client {
    private final RegistryOptions options;
    private final PushListener listener;
    private final Consumer<PushResult> pushed;
    private final Workers workers;
    private JibRegistry client;

    /** @param workers the build's threads, which uploads share (null: the push opens its own) */
    public TargetPusher(RegistryOptions options, PushListener listener, Consumer<PushResult> pushed, Workers workers) {
        this.options = options;
        this.listener = listener;
        this.pushed = pushed;
        this.workers = workers;
    }

    private JibRegistry client() throws CondockException {
        if (client == null) {
            client = workers == null ? new JibRegistry(options) : new JibRegistry(options, workers);
        }
        return client;
    }

    /** Also starts opening the target's registry in the background ({@link Warmup}), before the build needs it. */
    @Override
    public void check(String reference) throws CondockException {
        Warmup.start(options, ImageReference.parse(reference));
    }

    @Override
    public void push(String reference, ImageBlobs image) throws CondockException {
        pushed.accept(client().push(ImageReference.parse(reference), image, listener));
    }

    @Override
    public void pushIndex(String reference, ImageIndex index) throws CondockException {
        for (PushResult r : client().pushIndex(ImageReference.parse(reference), index, listener)) {
            pushed.accept(r);
        }
    }
}
