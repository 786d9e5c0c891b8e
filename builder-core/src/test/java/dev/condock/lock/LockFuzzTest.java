package dev.condock.lock;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.condock.util.CondockException;
import java.nio.charset.StandardCharsets;

/** Fuzz targets for both lock formats: only a {@link CondockException} (naming the file) may come out. */
class LockFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void explicitLock(byte[] data) {
        try {
            ExplicitLockParser.parse("l.txt", "@EXPLICIT\n" + new String(data, StandardCharsets.UTF_8), "linux-64");
        } catch (CondockException e) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "2m")
    void condaLockYml(byte[] data) {
        try {
            CondaLockParser.parse("conda-lock.yml", new String(data, StandardCharsets.UTF_8), "linux-64");
        } catch (CondockException e) {
            // refused with a reason
        }
    }
}
