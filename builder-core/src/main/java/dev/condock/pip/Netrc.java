package dev.condock.pip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** ~/.netrc credentials by host ({@code machine}, then {@code default}); values never leave this class printed. */
final class Netrc {
    record Login(String user, String password) {}

    private final Map<String, Login> machines;
    private final Login fallback;

    private Netrc(Map<String, Login> machines, Login fallback) {
        this.machines = machines;
        this.fallback = fallback;
    }

    static Netrc load() {
        String env = System.getenv("NETRC");
        // $HOME as conda's (and ChannelAccess's) ~ is: Java's user.home comes from the passwd entry instead
        String home = System.getenv("HOME");
        Path p = env != null && !env.isEmpty()
                ? Path.of(env)
                : Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".netrc");
        return load(p);
    }

    static Netrc load(Path p) {
        Map<String, Login> machines = new HashMap<>();
        Login fallback = null;
        if (!Files.isRegularFile(p)) return new Netrc(machines, null);
        String[] t;
        try {
            t = Files.readString(p, StandardCharsets.UTF_8).trim().split("\\s+");
        } catch (IOException e) {
            return new Netrc(machines, null); // unreadable netrc: as if absent, the server's 401 will say so
        }
        String machine = null;
        boolean isDefault = false;
        String user = null, pass = null;
        for (int i = 0; i < t.length; i++) {
            String k = t[i];
            if (k.equals("machine") || k.equals("default")) {
                if (machine != null || isDefault) {
                    if (isDefault) fallback = new Login(user, pass);
                    else machines.putIfAbsent(machine, new Login(user, pass));
                }
                isDefault = k.equals("default");
                machine = isDefault ? null : (i + 1 < t.length ? t[++i] : null);
                user = null;
                pass = null;
            } else if (k.equals("login") && i + 1 < t.length) {
                user = t[++i];
            } else if (k.equals("password") && i + 1 < t.length) {
                pass = t[++i];
            } else if (k.equals("account") && i + 1 < t.length) {
                i++;
            }
        }
        if (isDefault) fallback = new Login(user, pass);
        else if (machine != null) machines.putIfAbsent(machine, new Login(user, pass));
        return new Netrc(machines, fallback);
    }

    /** The host's own {@code machine} entry, or null ({@code default} not consulted). */
    Login forMachine(String host) {
        return machines.get(host);
    }

    Login forHost(String host) {
        Login l = machines.get(host);
        return l != null ? l : fallback;
    }
}
