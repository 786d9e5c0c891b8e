package dev.condock.pip;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses PEP 503 HTML and PEP 691 JSON simple-API project pages into {@link IndexLink}s. */
final class SimplePages {
    private static final Pattern ANCHOR =
            Pattern.compile("<a\\s([^>]*)>(.*?)</a\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ATTR =
            Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");

    private SimplePages() {}

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    static List<IndexLink> parseJson(byte[] body, String pageUrl, String source) throws IOException {
        JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        String api = root.path("meta").path("api-version").asText("1.0");
        if (!api.startsWith("1.")) throw new IOException("unsupported simple API version " + api);
        List<IndexLink> out = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            String filename = f.path("filename").asText();
            String url = resolve(pageUrl, f.path("url").asText());
            String frag = fragment(url);
            url = stripFragment(url);
            String sha = f.path("hashes").path("sha256").isTextual()
                    ? f.path("hashes").path("sha256").asText()
                    : hashFrom(frag);
            String rp = f.path("requires-python").isTextual()
                    ? f.path("requires-python").asText()
                    : null;
            JsonNode y = f.path("yanked");
            boolean yanked = y.isBoolean() ? y.asBoolean() : y.isTextual();
            JsonNode md = f.has("core-metadata") ? f.get("core-metadata") : f.path("dist-info-metadata");
            String metadata = null;
            if (md.isBoolean() && md.asBoolean()) metadata = "";
            else if (md.isObject()) metadata = md.path("sha256").asText("");
            out.add(new IndexLink(
                    filename, url, sha, rp == null || rp.isBlank() ? null : rp, yanked, metadata, source));
        }
        return out;
    }

    static List<IndexLink> parseHtml(String html, String pageUrl, String source) {
        List<IndexLink> out = new ArrayList<>();
        Matcher a = ANCHOR.matcher(html);
        while (a.find()) {
            Map<String, String> attrs = new HashMap<>();
            Matcher m = ATTR.matcher(a.group(1));
            while (m.find()) {
                String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                attrs.put(m.group(1).toLowerCase(Locale.ROOT), v == null ? null : unescape(v));
            }
            String href = attrs.get("href");
            if (href == null) continue;
            String url = resolve(pageUrl, href);
            String frag = fragment(url);
            url = stripFragment(url);
            String filename = unescape(a.group(2).replaceAll("<[^>]*>", "").strip());
            String last = url.substring(url.lastIndexOf('/') + 1);
            // percent-decoding only: '+' (a local version, torch-2.13.0+cpu) is literal in a URL path
            if (!last.isEmpty()) filename = unquote(last);
            String rp = attrs.get("data-requires-python");
            boolean yanked = attrs.containsKey("data-yanked");
            String md = attrs.containsKey("data-core-metadata")
                    ? attrs.get("data-core-metadata")
                    : attrs.get("data-dist-info-metadata");
            boolean mdPresent = attrs.containsKey("data-core-metadata") || attrs.containsKey("data-dist-info-metadata");
            String metadata = null;
            if (mdPresent && !"false".equalsIgnoreCase(md))
                metadata = md != null && md.startsWith("sha256=") ? md.substring(7) : "";
            out.add(new IndexLink(
                    filename, url, hashFrom(frag), rp == null || rp.isBlank() ? null : rp, yanked, metadata, source));
        }
        return out;
    }

    static String resolve(String base, String href) {
        try {
            return URI.create(base)
                    .resolve(URI.create(href.replace(" ", "%20")))
                    .toString();
        } catch (IllegalArgumentException e) {
            return href;
        }
    }

    private static String fragment(String url) {
        int i = url.indexOf('#');
        return i < 0 ? "" : url.substring(i + 1);
    }

    private static String stripFragment(String url) {
        int i = url.indexOf('#');
        return i < 0 ? url : url.substring(0, i);
    }

    private static String hashFrom(String fragment) {
        for (String part : fragment.split("&")) {
            if (part.startsWith("sha256=")) return part.substring(7).toLowerCase(Locale.ROOT);
        }
        return null;
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) return s;
        Matcher m = ENTITY.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default ->
                    e.startsWith("#x") || e.startsWith("#X")
                            ? String.valueOf((char) Integer.parseInt(e.substring(2), 16))
                            : e.startsWith("#") ? String.valueOf((char) Integer.parseInt(e.substring(1))) : m.group();
            };
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * Percent-decodes a URL's last segment as pip does (urllib's unquote): a malformed escape ("%wh", a fuzzer
     * finding that escaped as URLDecoder's IllegalArgumentException) stays as written, and '+' is not a space.
     */
    static String unquote(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
