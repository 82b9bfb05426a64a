package org.linli.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.IndeterminateOperationStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The retry around map proxy creation: indeterminate failures are retried with growing pauses,
 * others are not.
 */
class ClusterNodeRetryTest {
  private final List<Long> pauses = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  @Test
  void retriesIndeterminateFailuresUntilTheOperationSucceeds() {
    String result =
        ClusterNode.retryIndeterminate(
            "map 'cases'",
            () -> {
              if (calls.incrementAndGet() <= 3) {
                throw new IndeterminateOperationStateException("backup acks missed");
              }
              return "proxy";
            },
            10,
            pauses::add);
    assertThat(result).isEqualTo("proxy");
    assertThat(calls).hasValue(4);
    assertThat(pauses).containsExactly(250L, 500L, 1_000L);
  }

  @Test
  void findsTheIndeterminateStateAmongCauses() {
    String result =
        ClusterNode.retryIndeterminate(
            "map 'cases'",
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new HazelcastException(
                    "proxy", new IndeterminateOperationStateException("backup acks missed"));
              }
              return "proxy";
            },
            10,
            pauses::add);
    assertThat(result).isEqualTo("proxy");
    assertThat(pauses).hasSize(1);
  }

  @Test
  void givesUpAfterTheLastAttemptWithTheFailure() {
    assertThatThrownBy(
            () ->
                ClusterNode.retryIndeterminate(
                    "map 'cases'",
                    () -> {
                      calls.incrementAndGet();
                      throw new IndeterminateOperationStateException("backup acks missed");
                    },
                    10,
                    pauses::add))
        .isInstanceOf(IndeterminateOperationStateException.class);
    assertThat(calls).hasValue(10);
    assertThat(pauses).hasSize(9).last().isEqualTo(5_000L);
  }

  @Test
  void otherFailuresAreNotRetried() {
    assertThatThrownBy(
            () ->
                ClusterNode.retryIndeterminate(
                    "map 'cases'",
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("store down");
                    },
                    10,
                    pauses::add))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
    assertThat(pauses).isEmpty();
  }
}
