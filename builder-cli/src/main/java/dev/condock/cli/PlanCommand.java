package dev.condock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.layer.PlannedLayer;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.pipeline.BuildPlan;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.Condock;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code condock plan [SPEC|ENV.yml] [-f FILE] [--lock FILE]}: the layers a build would make and why; writes no
 * image. Takes what {@code build} takes to decide the layers (a spec, a registry base with its registry flags).
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Show the layers a build would make (packages, sizes, why grouped); writes no image.")
public final class PlanCommand implements Callable<Integer> {
    /** Everything build takes: plan shows what that build would make (targets, tests and signing do not change it). */
    @Mixin
    BuildOptions options = new BuildOptions();

    @Override
    public Integer call() throws CondockException {
        ErrorHandler.debug |= options.debug;
        if (options.spec == null && options.file == null && options.lock == null && options.fromImage == null) {
            throw CondockException.user("plan needs a condock.yaml, -f FILE, an environment.yml or --lock FILE");
        }
        if (options.file != null && options.lock != null) {
            throw CondockException.user("give -f FILE or --lock FILE, not both");
        }
        // an environment is solved exactly as build solves it: virtual packages from the base or flags
        BuildRequest req = options.request();
        ConsoleListener listener = new ConsoleListener(options.json);
        List<String> unused = outputOnly();
        if (!unused.isEmpty()) {
            // accepted (plan takes a build's command line) but said aloud: they change where a build writes, not its
            // layers
            listener.warn("plan writes nothing, so these do not apply: " + String.join(", ", unused));
        }
        BuildPlan plan = new Condock(listener).plan(req).get(req.platform());
        System.out.print(options.json ? toJson(plan) : table(plan, req.layers().maxLayers()));
        return 0;
    }

    /** The build flags given that decide only a build's outputs (targets, digest, lock file, tests, signature). */
    private List<String> outputOnly() {
        List<String> out = new ArrayList<>();
        if (!options.to.isEmpty()) out.add("--to");
        if (options.digestFile != null) out.add("--digest-file");
        if (options.lockOut != null) out.add("--lock-out");
        if (!options.tests.isEmpty()) out.add("--test");
        if (options.signKey != null) out.add("--sign-key");
        return out;
    }

    static long archives(PlannedLayer l) {
        return l.packages().stream().mapToLong(r -> Math.max(0, r.size())).sum();
    }

    static long installed(PlannedLayer l) {
        return l.entries().stream().mapToLong(TreeEntry::size).sum();
    }

    static String table(BuildPlan plan, int maxLayers) {
        StringBuilder sb = new StringBuilder(
                String.format("%3s  %-22s  %10s  %10s  %s%n", "#", "LAYER", "ARCHIVES", "INSTALLED", "WHY / PACKAGES"));
        if (!plan.fromBase().isEmpty()) {
            // packages the base already holds: no layer of ours, listed so the table accounts for every package
            sb.append(String.format(
                    "%3s  %-22s  %10s  %10s  %s%n",
                    "1-" + plan.baseLayers(), "(base)", "-", "-", "from base, not installed again"));
            sb.append(String.format("%3s  %-22s  %10s  %10s    %s%n", "", "", "", "", plan.fromBase()));
        }
        int i = plan.baseLayers() + 1;
        int packages = 0;
        for (PlannedLayer l : plan.layers()) {
            sb.append(String.format(
                    "%3d  %-22s  %10s  %10s  %s%n",
                    i++, l.name(), InspectCommand.human(archives(l)), InspectCommand.human(installed(l)), l.reason()));
            if (!l.packages().isEmpty()) {
                sb.append(String.format(
                        "%3s  %-22s  %10s  %10s    %s%n",
                        "",
                        "",
                        "",
                        "",
                        l.packages().stream().map(PackageRecord::name).collect(Collectors.joining(" "))));
            }
            packages += l.packages().size();
        }
        sb.append(String.format(
                "%d layers (+%d base) of --max-layers %d; %d packages%n",
                plan.layers().size(), plan.baseLayers(), maxLayers, packages));
        return sb.toString();
    }

    static String toJson(BuildPlan plan) {
        ObjectNode o = Json.CANONICAL.createObjectNode();
        o.put("baseLayers", plan.baseLayers());
        ArrayNode fb = o.putArray("fromBase");
        for (String d : plan.fromBase().split(" ")) {
            if (!d.isBlank()) {
                fb.add(d);
            }
        }
        ArrayNode arr = o.putArray("layers");
        for (int i = 0; i < plan.layers().size(); i++) {
            PlannedLayer l = plan.layers().get(i);
            ObjectNode n = arr.addObject();
            n.put("name", l.name());
            n.put("reason", l.reason());
            n.put("cacheKey", plan.cacheKeys().get(i));
            n.put("archiveBytes", archives(l));
            n.put("installedBytes", installed(l));
            n.put("entries", l.entries().size());
            ArrayNode pk = n.putArray("packages");
            for (PackageRecord r : l.packages()) {
                ObjectNode p = pk.addObject();
                p.put("dist", r.dist());
                p.put("size", r.size());
                p.put("sha256", r.sha256());
            }
        }
        return Json.pretty(o) + "\n";
    }
}
