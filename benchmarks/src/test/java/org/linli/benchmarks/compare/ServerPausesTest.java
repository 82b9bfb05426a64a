package org.linli.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's stops, read from a HotSpot safepoint log with wall-clock times (the lines as JDK 17
 * writes them).
 */
class ServerPausesTest {
  @TempDir Path dir;

  private static long at(String time) {
    return OffsetDateTime.parse(time.replace("+0000", "Z")).toInstant().toEpochMilli();
  }

  @Test
  void within_sumsTheSafepointsThatEndedInTheStep_andFindsTheLongest() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.write(
        log,
        List.of(
            "[2026-11-28T01:59:50.000+0000][0.5s][info][safepoint      ] Safepoint \"Cleanup\", Time since last: 1 ns,"
                + " Reaching safepoint: 1 ns, Cleanup: 1 ns, At safepoint: 1 ns, Total: 900000000 ns",
            "[2026-11-28T01:59:54.528+0000][0.976s][info][safepoint] Safepoint \"ICBufferFull\", Time since last:"
                + " 944513508 ns, Reaching safepoint: 331070 ns, Cleanup: 223850 ns, At safepoint: 9117 ns,"
                + " Total: 564037 ns",
            "[2026-11-28T01:59:54.600+0000][1.048s][info][gc             ] GC(3) Pause Young (Normal) (G1 Evacuation"
                + " Pause) 20M->10M(96M) 31.438ms",
            "[2026-11-28T01:59:54.600+0000][1.048s][info][safepoint      ] Safepoint \"G1CollectForAllocation\", Time"
                + " since last: 40732589 ns, Reaching safepoint: 8807 ns, Cleanup: 49152 ns, At safepoint: 31438942 ns,"
                + " Total: 31496901 ns",
            "[2026-11-28T02:00:10.000+0000][16.4s][info][safepoint      ] Safepoint \"G1CollectFull\", Time since"
                + " last: 1 ns, Reaching safepoint: 1 ns, Cleanup: 1 ns, At safepoint: 1 ns, Total: 4000000000 ns"));

    ServerPauses.Stops s =
        ServerPauses.within(
            log, at("2026-11-28T01:59:54.000+0000"), at("2026-11-28T01:59:55.000+0000"));

    assertThat(s.count())
        .isEqualTo(2); // the collector's "Pause Young" line is the same stop: counted once
    assertThat(s.totalMs())
        .isCloseTo(0.564037 + 31.496901, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.longestMs()).isCloseTo(31.496901, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(
            ServerPauses.within(
                log, at("2026-11-28T02:00:00.000+0000"), at("2026-11-28T02:00:05.000+0000")))
        .isEqualTo(new ServerPauses.Stops(0, 0, 0));
  }

  @Test
  void within_aLogWithoutWallClockTimes_orNoLog_isNotMeasured() throws Exception {
    Path log = dir.resolve("uptime.log");
    Files.write(
        log,
        List.of(
            "[350.223s][info][safepoint      ] Safepoint \"G1CollectForAllocation\", Time since"
                + " last: 633121276 ns, Reaching safepoint: 52678 ns, Cleanup: 70803 ns, At safepoint: 186945137 ns,"
                + " Total: 187068618 ns"));
    assertThat(ServerPauses.within(log, 0, Long.MAX_VALUE)).isEqualTo(ServerPauses.Stops.NONE);
    assertThat(ServerPauses.within(dir.resolve("missing.log"), 0, Long.MAX_VALUE))
        .isEqualTo(ServerPauses.Stops.NONE);
  }
}
