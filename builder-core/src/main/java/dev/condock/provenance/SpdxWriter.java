package dev.condock.provenance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** SPDX 2.3 JSON: the image as the described package, each installed package contained in it. */
final class SpdxWriter {
    private SpdxWriter() {}

    /** A license string that is already a plain SPDX expression; anything else goes in licenseComments. */
    private static final Pattern EXPRESSION = Pattern.compile("[A-Za-z0-9.+-]+(?: (?:AND|OR|WITH) [A-Za-z0-9.+-]+)*");

    private static final String IMAGE_ID = "SPDXRef-Image";
    private static final String BASE_ID = "SPDXRef-BaseImage";

    static byte[] write(SbomInput in) {
        ObjectNode doc = Json.CANONICAL.createObjectNode();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", in.name());
        // unique per content, the same for the same content (no random UUID, no clock)
        doc.put("documentNamespace", "https://condock.dev/spdx/" + contentId(in));
        ObjectNode ci = doc.putObject("creationInfo");
        ci.put("created", Instant.ofEpochSecond(in.created()).toString());
        ci.putArray("creators").add("Tool: condock");
        ArrayNode pkgs = doc.putArray("packages");
        ArrayNode rels = Json.CANONICAL.createArrayNode();
        ObjectNode image = pkgs.addObject();
        image.put("SPDXID", IMAGE_ID);
        image.put("name", in.name());
        image.put("downloadLocation", "NOASSERTION");
        image.put("filesAnalyzed", false);
        image.put("primaryPackagePurpose", "CONTAINER");
        rel(rels, "SPDXRef-DOCUMENT", "DESCRIBES", IMAGE_ID);
        if (in.baseName() != null) {
            ObjectNode base = pkgs.addObject();
            base.put("SPDXID", BASE_ID);
            base.put("name", in.baseName());
            if (in.baseDigest() != null) {
                base.put("versionInfo", in.baseDigest());
                base.putArray("checksums")
                        .addObject()
                        .put("algorithm", "SHA256")
                        .put(
                                "checksumValue",
                                in.baseDigest().substring(in.baseDigest().indexOf(':') + 1));
            }
            base.put("downloadLocation", "NOASSERTION");
            base.put("filesAnalyzed", false);
            base.put("primaryPackagePurpose", "CONTAINER");
            rel(rels, IMAGE_ID, "DESCENDANT_OF", BASE_ID);
        }
        Map<SbomPackage, String> ids = new IdentityHashMap<>();
        Set<String> used = new HashSet<>();
        for (SbomPackage p : in.packages()) {
            String id = "SPDXRef-" + p.manager() + "-" + p.name().replaceAll("[^A-Za-z0-9.-]", "-");
            String unique = id;
            for (int i = 2; !used.add(unique); i++) {
                unique = id + "-" + i;
            }
            ids.put(p, unique);
        }
        for (SbomPackage p : in.packages()) {
            ObjectNode n = pkgs.addObject();
            n.put("SPDXID", ids.get(p));
            n.put("name", p.name());
            n.put("versionInfo", p.version());
            n.put("downloadLocation", p.url() != null ? p.url() : "NOASSERTION");
            n.put("filesAnalyzed", false);
            if (p.sha256() != null) {
                n.putArray("checksums").addObject().put("algorithm", "SHA256").put("checksumValue", p.sha256());
            }
            n.put("licenseConcluded", "NOASSERTION");
            String lic = p.license() == null ? null : p.license().strip();
            if (lic != null && EXPRESSION.matcher(lic).matches()) {
                n.put("licenseDeclared", lic);
            } else {
                n.put("licenseDeclared", "NOASSERTION");
                if (lic != null && !lic.isEmpty()) {
                    n.put("licenseComments", "as the package states it: " + lic);
                }
            }
            n.put("copyrightText", "NOASSERTION");
            n.putArray("externalRefs")
                    .addObject()
                    .put("referenceCategory", "PACKAGE-MANAGER")
                    .put("referenceType", "purl")
                    .put("referenceLocator", p.purl());
            n.put("primaryPackagePurpose", "LIBRARY");
            rel(rels, IMAGE_ID, "CONTAINS", ids.get(p));
        }
        for (SbomPackage p : in.packages()) {
            for (SbomPackage d : in.dependenciesOf(p)) {
                rel(rels, ids.get(p), "DEPENDS_ON", ids.get(d));
            }
        }
        doc.set("relationships", rels);
        return (Json.pretty(doc) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void rel(ArrayNode rels, String from, String type, String to) {
        rels.addObject()
                .put("spdxElementId", from)
                .put("relationshipType", type)
                .put("relatedSpdxElement", to);
    }

    /** A hash of everything the document says, to name it. */
    static String contentId(SbomInput in) {
        StringBuilder sb = new StringBuilder(in.name())
                .append('\0')
                .append(in.created())
                .append('\0')
                .append(in.baseName())
                .append('\0')
                .append(in.baseDigest());
        in.packages().forEach(p -> sb.append('\0').append(p.purl()).append(' ').append(p.sha256()));
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
