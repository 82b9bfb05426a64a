package org.linli.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HiccupsTest {
  @Test
  void recordsAWakeUpAboutEveryMillisecond() throws Exception {
    Histogram h = Hiccups.idle(0.3);
    assertThat(h.getTotalCount()).isBetween(30L, 400L);
    assertThat(h.getMinValue()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void seesAPauseThatStopsEveryThread() throws Exception {
    // A full collection of a few hundred megabytes of live objects stops every Java thread, the
    // meter's too.
    Object[] live = new Object[400_000];
    for (int i = 0; i < live.length; i++) {
      live[i] = new long[64];
    }
    Hiccups meter = Hiccups.start();
    Thread.sleep(50);
    long t0 = System.nanoTime();
    System.gc();
    long gcNanos = System.nanoTime() - t0;
    Thread.sleep(50);
    Histogram h = meter.stop();
    assertThat(live[live.length - 1]).isNotNull();
    assertThat(gcNanos).as("the collection took long enough to see").isGreaterThan(5_000_000L);
    assertThat(h.getMaxValue()).isGreaterThan(gcNanos / 2);
  }
}
