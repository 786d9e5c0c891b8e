import dev.condock.layer.ParallelGzipOutputStream;
import dev.condock.util.Workers;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.Deflater;

/**
 * CPU seconds of condock's gzip on one core, for scripts/bench-deflate.sh: the input is read into memory first, so
 * only compression is timed. Variants: ParallelGzipOutputStream with no worker threads (the caller deflates every
 * 128 KiB block: what each core does in a build), and one plain zlib stream (java.util.zip.Deflater, level 6).
 */
public class DeflateBench {
    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var mx = ManagementFactory.getThreadMXBean();
        for (String variant : List.of("ParallelGzipOutputStream (1 thread)", "Deflater level 6, one stream")) {
            List<Double> cpu = new ArrayList<>();
            long outBytes = 0;
            for (int r = 0; r < rounds + 1; r++) { // the first round warms the JIT up
                long c0 = mx.getCurrentThreadCpuTime();
                outBytes = variant.startsWith("Parallel") ? pgzip(data) : zlib(data);
                if (r > 0) {
                    cpu.add((mx.getCurrentThreadCpuTime() - c0) / 1e9);
                }
            }
            Collections.sort(cpu);
            System.out.printf("java %-38s CPU median %.2f s min %.2f s (%d MB -> %d MB)%n", variant,
                    cpu.get(cpu.size() / 2), cpu.get(0), data.length >> 20, outBytes >> 20);
        }
    }

    private static long pgzip(byte[] data) throws Exception {
        long[] n = {0};
        OutputStream sink = new OutputStream() {
            @Override public void write(int b) { n[0]++; }
            @Override public void write(byte[] b, int off, int len) { n[0] += len; }
        };
        try (OutputStream gz = new ParallelGzipOutputStream(sink, Workers.callerRuns())) {
            for (int off = 0; off < data.length; off += 1 << 18) {
                gz.write(data, off, Math.min(1 << 18, data.length - off));
            }
        }
        return n[0];
    }

    private static long zlib(byte[] data) {
        Deflater d = new Deflater(6, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[1 << 16];
        long n = 0;
        while (!d.finished()) {
            n += d.deflate(buf);
        }
        d.end();
        return n;
    }
}
