package dev.condock.install;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a package's prefix placeholder with the install prefix, the way conda does
 * ({@code conda/core/portability.py}): every popular encoding of the placeholder is replaced; text files get a
 * plain replacement (a {@code #!placeholder} first line with spaces escaped, then any shebang over 127 bytes
 * rewritten to {@code #!/usr/bin/env <exe>}); binary files replace inside each NUL-terminated string and pad
 * it with NULs so every offset stays put.
 */
final class PrefixReplacer {
    /** Linux's execve limit; condock builds Linux images, so conda's 512 for macOS does not apply. */
    static final int MAX_SHEBANG_LENGTH = 127;

    private static final List<Charset> ENCODINGS = List.of(
            StandardCharsets.UTF_8,
            StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE,
            Charset.forName("UTF-32LE"),
            Charset.forName("UTF-32BE"));
    /** conda's SHEBANG_REGEX on the first line: "#!", spaces, executable (escaped spaces allowed), options. */
    // conda's shebang pattern, "(/(?:\\ |[^ \n\r\t])*)", unrolled: Java runs an alternation inside a loop by
    // recursing once per character, so a shebang of a few thousand characters overflowed the stack
    private static final Pattern SHEBANG = Pattern.compile(
            "^(#!(?: *)(/[^ \\n\\r\\t\\\\]*+(?:\\\\ ?[^ \\n\\r\\t\\\\]*+)*+)(.*))$",
            Pattern.MULTILINE | Pattern.UNIX_LINES);

    /** The new prefix is longer than the placeholder in a binary string: there is no room to pad. */
    static final class TooLongException extends Exception {
        TooLongException() {
            super(null, null, false, false);
        }
    }

    private PrefixReplacer() {}

    static byte[] text(byte[] data, String placeholder, String prefix) {
        for (Charset cs : ENCODINGS) {
            data = shebangFirst(data, placeholder, prefix, cs);
            data = replaceAll(data, placeholder.getBytes(cs), prefix.getBytes(cs));
        }
        return longShebang(data);
    }

    /** A "#!placeholder" first line gets the prefix with spaces escaped, so the long-shebang step catches it. */
    private static byte[] shebangFirst(byte[] data, String placeholder, String prefix, Charset cs) {
        int nl = indexOf(data, (byte) '\n', 0);
        if (nl < 0) {
            return data;
        }
        byte[] line = Arrays.copyOfRange(data, 0, nl);
        byte[] search = ("#!" + placeholder).getBytes(cs);
        if (indexOf(line, search, 0) < 0) {
            return data;
        }
        byte[] newLine = replaceAll(line, search, ("#!" + prefix.replace(" ", "\\ ")).getBytes(cs));
        return concat(newLine, Arrays.copyOfRange(data, nl, data.length));
    }

    /** conda's replace_long_shebang: an over-long or space-escaped shebang becomes "#!/usr/bin/env exe opts". */
    static byte[] longShebang(byte[] data) {
        if (data.length < 2 || data[0] != '#' || data[1] != '!') {
            return data;
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so regex offsets are byte offsets
        String s = new String(data, StandardCharsets.ISO_8859_1);
        Matcher m = SHEBANG.matcher(s);
        if (!m.find() || m.start() != 0) {
            return data;
        }
        String whole = m.group(1);
        String exe = m.group(2);
        int slash = exe.lastIndexOf('/');
        String dir = exe.substring(0, slash);
        String name = exe.substring(slash + 1);
        if (whole.length() <= MAX_SHEBANG_LENGTH && !dir.contains("\\ ")) {
            return data;
        }
        String replaced = "#!/usr/bin/env " + name + m.group(3);
        return (replaced + s.substring(m.end(1))).getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] binary(byte[] data, String placeholder, String prefix) throws TooLongException {
        for (Charset cs : ENCODINGS) {
            data = binaryOne(data, placeholder.getBytes(cs), prefix.getBytes(cs), "\0".getBytes(cs));
        }
        return data;
    }

    /**
     * From each occurrence of {@code search}, the string runs to the first {@code zeros}; every occurrence
     * inside it is replaced and the string is padded with NULs to its old length. No terminator: unchanged.
     */
    private static byte[] binaryOne(byte[] data, byte[] search, byte[] repl, byte[] zeros) throws TooLongException {
        int at = indexOf(data, search, 0);
        if (at < 0) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        int copied = 0;
        while (at >= 0) {
            int end = indexOf(data, zeros, at + search.length);
            if (end < 0) {
                break;
            }
            end += zeros.length;
            byte[] segment = Arrays.copyOfRange(data, at, end);
            int count = count(segment, search);
            int padding = (search.length - repl.length) * count;
            if (padding < 0) {
                throw new TooLongException();
            }
            out.write(data, copied, at - copied);
            out.writeBytes(replaceAll(segment, search, repl));
            out.writeBytes(new byte[padding]);
            copied = end;
            at = indexOf(data, search, end);
        }
        out.write(data, copied, data.length - copied);
        return out.toByteArray();
    }

    static byte[] replaceAll(byte[] data, byte[] search, byte[] repl) {
        int at = indexOf(data, search, 0);
        if (at < 0) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
        int copied = 0;
        while (at >= 0) {
            out.write(data, copied, at - copied);
            out.writeBytes(repl);
            copied = at + search.length;
            at = indexOf(data, search, copied);
        }
        out.write(data, copied, data.length - copied);
        return out.toByteArray();
    }

    private static int count(byte[] data, byte[] search) {
        int n = 0;
        for (int at = indexOf(data, search, 0); at >= 0; at = indexOf(data, search, at + search.length)) {
            n++;
        }
        return n;
    }

    static int indexOf(byte[] data, byte[] search, int from) {
        if (search.length == 0) {
            return -1;
        }
        byte first = search[0];
        int last = data.length - search.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < search.length; j++) {
                if (data[i + j] != search[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
