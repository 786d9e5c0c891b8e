package dev.condock.solve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * An ML-shaped generated channel for the scale benchmark (issue 11): about 150 real-looking names (system libs,
 * python, the scientific stack, pytorch) whose closure from {@link #SPECS} is nearly all of them, each with many
 * versions and python/build variants, and filler names ({@code zz-fill-*} and others spread through the
 * alphabet) up to the record count, as conda-forge's linux-64 is mostly packages a given lock never touches.
 * Records are written sorted by file name within {@code packages} (.tar.bz2: older versions) and
 * {@code packages.conda} (newer), as real repodata is, so one name's records sit between other names'.
 * Deterministic: the same count gives the same bytes.
 */
public final class MlChannel {
    /** The bench's default lock. */
    public static final List<String> SPECS = List.of("python 3.11.*", "pytorch", "numpy", "pandas", "scikit-learn");

    /** Bottom-up: each name may depend only on names before it; each depends on the one before it too. */
    static final List<String> NAMES = List.of(
            "_libgcc_mutex",
            "_openmp_mutex",
            "libgcc-ng",
            "libgomp",
            "libstdcxx-ng",
            "libzlib",
            "zlib",
            "bzip2",
            "xz",
            "liblzma",
            "libffi",
            "libuuid",
            "libnsl",
            "libxcrypt",
            "ncurses",
            "readline",
            "tk",
            "libsqlite",
            "sqlite",
            "openssl",
            "ca-certificates",
            "tzdata",
            "libexpat",
            "libmpdec",
            "lz4-c",
            "zstd",
            "libiconv",
            "libxml2",
            "icu",
            "libgfortran-ng",
            "libgfortran5",
            "libopenblas",
            "libblas",
            "libcblas",
            "liblapack",
            "libhwloc",
            "llvm-openmp",
            "mkl",
            "libabseil",
            "libprotobuf",
            "libuv",
            "libcurl",
            "libnghttp2",
            "libssh2",
            "krb5",
            "keyutils",
            "libedit",
            "c-ares",
            "libev",
            "libpng",
            "libjpeg-turbo",
            "libtiff",
            "libwebp-base",
            "freetype",
            "lcms2",
            "openjpeg",
            "libdeflate",
            "libmagma",
            "nccl",
            "cudnn",
            "cuda-version",
            "cuda-cudart",
            "cuda-nvrtc",
            "libcublas",
            "libcufft",
            "libcurand",
            "libcusolver",
            "libcusparse",
            "sleef",
            "libtorch-deps",
            "python",
            "python_abi",
            "pip",
            "setuptools",
            "wheel",
            "six",
            "packaging",
            "typing_extensions",
            "typing-extensions",
            "filelock",
            "fsspec",
            "mpmath",
            "sympy",
            "networkx",
            "markupsafe",
            "jinja2",
            "pytz",
            "tzdata-py",
            "python-dateutil",
            "python-tzdata",
            "numexpr",
            "bottleneck",
            "joblib",
            "threadpoolctl",
            "numpy",
            "scipy",
            "pandas",
            "scikit-learn",
            "pyyaml",
            "yaml",
            "certifi",
            "charset-normalizer",
            "idna",
            "urllib3",
            "requests",
            "tqdm",
            "click",
            "colorama",
            "pillow",
            "protobuf",
            "grpcio",
            "absl-py",
            "markdown",
            "werkzeug",
            "tensorboard-data",
            "tensorboard",
            "psutil",
            "pyparsing",
            "cycler",
            "kiwisolver",
            "fonttools",
            "contourpy",
            "matplotlib-base",
            "attrs",
            "frozenlist",
            "multidict",
            "yarl",
            "aiosignal",
            "async-timeout",
            "aiohttp",
            "dill",
            "multiprocess",
            "xxhash",
            "python-xxhash",
            "pyarrow-deps",
            "libarrow",
            "pyarrow",
            "huggingface_hub",
            "safetensors",
            "tokenizers",
            "regex",
            "optree",
            "opt-einsum",
            "triton",
            "libtorch",
            "pytorch-deps",
            "pytorch",
            "torchvision",
            "torchaudio",
            "torchtriton",
            "ml_dtypes",
            "einops");

    private MlChannel() {}

    /** Writes {@code <dir>/linux-64/repodata.json} with about {@code records} records, and a small noarch. */
    public static void write(Path dir, int records) throws Exception {
        Files.createDirectories(dir.resolve("linux-64"));
        Files.createDirectories(dir.resolve("noarch"));
        TreeMap<String, String> tar = new TreeMap<>();
        TreeMap<String, String> conda = new TreeMap<>();
        ObjectMapper om = new ObjectMapper();
        Random rnd = new Random(11);
        int py = NAMES.indexOf("python");
        int n = 0;
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            List<String> deps = new ArrayList<>();
            if (i > 0) deps.add(NAMES.get(i - 1) + " >=1.0");
            for (int k = rnd.nextInt(4); k > 0 && i > 1; k--) deps.add(NAMES.get(rnd.nextInt(i - 1)) + " >=1.2");
            boolean usesPython = i > py;
            int versions = name.equals("python") ? 4 * 12 : 25;
            for (int v = 0; v < versions; v++) {
                String version = name.equals("python")
                        ? "3." + (9 + v / 12) + "." + (v % 12)
                        : (1 + v / 5) + "." + (v % 5) + ".0";
                for (int variant = 0; variant < (usesPython ? 4 : 1); variant++) {
                    for (int bn = 0; bn < 2; bn++) {
                        List<String> d = new ArrayList<>(deps);
                        String build;
                        if (usesPython) {
                            int minor = 9 + variant;
                            d.add("python >=3." + minor + ",<3." + (minor + 1) + ".0a0");
                            build = "py3" + minor + "h" + Integer.toHexString(i * 7919 + v * 31 + variant) + "_" + bn;
                        } else {
                            build = "h" + Integer.toHexString(i * 7919 + v * 31) + "_" + bn;
                        }
                        if (v >= versions - 3 && bn == 1 && i > 3) d.add(NAMES.get(rnd.nextInt(i - 1)) + " >=3.0");
                        boolean isConda = v >= versions / 2;
                        String fn = name + "-" + version + "-" + build + (isConda ? ".conda" : ".tar.bz2");
                        (isConda ? conda : tar).put(fn, record(om, name, version, build, bn, v, d));
                        n++;
                    }
                }
            }
        }
        // filler: names spread through the alphabet, 100 records each, depending on earlier filler
        String[] prefixes = {"aa", "bio", "go", "jupyter", "lib", "nodejs", "perl", "py", "r-", "ros", "tex", "zz"};
        int fill = 0;
        while (n < records) {
            String name = prefixes[fill % prefixes.length] + "-fill" + fill;
            List<String> deps = new ArrayList<>();
            for (int k = rnd.nextInt(3); k > 0 && fill > 0; k--) {
                int f = rnd.nextInt(fill);
                deps.add(prefixes[f % prefixes.length] + "-fill" + f + " >=1.0");
            }
            for (int b = 0; b < 100 && n < records; b++, n++) {
                String version = (1 + b / 10) + "." + (b % 10) + ".0";
                String build = "h" + Integer.toHexString(fill * 131 + b) + "_0";
                boolean isConda = b >= 50;
                String fn = name + "-" + version + "-" + build + (isConda ? ".conda" : ".tar.bz2");
                (isConda ? conda : tar).put(fn, record(om, name, version, build, 0, b, deps));
            }
            fill++;
        }
        try (JsonGenerator g = om.getFactory()
                .createGenerator(dir.resolve("linux-64/repodata.json").toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("info");
            g.writeStringField("subdir", "linux-64");
            g.writeEndObject();
            for (var section :
                    List.of(java.util.Map.entry("packages", tar), java.util.Map.entry("packages.conda", conda))) {
                g.writeObjectFieldStart(section.getKey());
                for (var e : section.getValue().entrySet()) {
                    g.writeFieldName(e.getKey());
                    g.writeRawValue(e.getValue());
                }
                g.writeEndObject();
            }
            g.writeNumberField("repodata_version", 1);
            g.writeEndObject();
        }
        Files.writeString(dir.resolve("noarch/repodata.json"), "{\"info\":{\"subdir\":\"noarch\"},\"packages\":{}}");
    }

    private static String record(
            ObjectMapper om, String name, String version, String build, int bn, int age, List<String> deps)
            throws Exception {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("build", build);
        m.put("build_number", bn);
        m.put("depends", deps);
        m.put("license", "BSD-3-Clause");
        m.put("md5", String.format("%032x", (long) (name + version + build).hashCode() & 0xffffffffL));
        m.put("name", name);
        m.put("sha256", String.format("%064x", (long) (build + name + version).hashCode() & 0xffffffffL));
        m.put("size", 100_000 + age * 37);
        m.put("subdir", "linux-64");
        m.put("timestamp", 1_600_000_000_000L + age * 86_400_000L + bn);
        m.put("version", version);
        return om.writeValueAsString(m);
    }
}
