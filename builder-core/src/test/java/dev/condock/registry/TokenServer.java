package dev.condock.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.condock.util.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Docker token-auth server (the protocol Docker Hub, GHCR and Harbor speak) for distribution's
 * {@code auth: token}: checks Basic credentials, grants the requested repository scopes (anonymous: pull only), and signs an RS256 JWT
 * with the test CA's key, carrying the certificate in {@code x5c} so the registry can verify it.
 */
final class TokenServer implements AutoCloseable {
    static final int PORT = 5307;
    static final String SERVICE = "condock-e2e";
    static final String ISSUER = "condock-e2e-issuer";

    private final HttpServer server;
    private final PrivateKey key;
    private final String certDer;
    final List<String> scopesRequested = new java.util.concurrent.CopyOnWriteArrayList<>();

    TokenServer(Path keyPem, Path certPem) throws Exception {
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyPem, "PRIVATE KEY")));
        certDer = Base64.getEncoder().encodeToString(pem(certPem, "CERTIFICATE"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 16);
        server.createContext("/token", this::token);
        server.start();
    }

    static String realm() {
        return "http://127.0.0.1:" + PORT + "/token";
    }

    private static byte[] pem(Path file, String type) throws IOException {
        String text = Files.readString(file);
        int start = text.indexOf("-----BEGIN " + type + "-----");
        int end = text.indexOf("-----END " + type + "-----");
        String body = text.substring(start + ("-----BEGIN " + type + "-----").length(), end)
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((LocalRegistry.USER + ":" + LocalRegistry.PASSWORD)
                                    .getBytes(StandardCharsets.UTF_8));
            // Like Docker Hub: anonymous requests get pull access, a wrong credential gets nothing.
            boolean anonymous = auth == null;
            if (!anonymous && !expected.equals(auth)) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            String query = ex.getRequestURI().getRawQuery();
            for (String kv : query == null ? new String[0] : query.split("&")) {
                if (kv.startsWith("scope=")) {
                    String scope = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
                    scopesRequested.add(scope);
                    String[] p = scope.split(":");
                    List<String> actions = List.of(p[2].split(","));
                    access.add(Map.of(
                            "type",
                            p[0],
                            "name",
                            p[1],
                            "actions",
                            anonymous ? actions.stream().filter("pull"::equals).toList() : actions));
                }
            }
            long now = System.currentTimeMillis() / 1000;
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("sub", LocalRegistry.USER);
            claims.put("aud", SERVICE);
            claims.put("exp", now + 300);
            claims.put("nbf", now - 10);
            claims.put("iat", now);
            claims.put("jti", Long.toHexString(System.nanoTime()));
            claims.put("access", access);
            Map<String, Object> header = Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(certDer));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(Json.canonicalBytes(header)) + "."
                    + b64.encodeToString(Json.canonicalBytes(claims));
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(key);
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String jwt = signingInput + "." + b64.encodeToString(sig.sign());
            byte[] body = Json.canonicalBytes(Map.of("token", jwt, "access_token", jwt, "expires_in", 300));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
