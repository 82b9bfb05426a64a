package org.linli.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which joining members the configured list names, by address or by host name, port included. */
class UnlistedMemberTest {
  @Test
  void isListed_matchesAddressOrNameAndPort() throws Exception {
    List<String> listed = List.of("127.0.0.1:5701", "localhost:5702", "[::1]:5703");
    assertThat(ClusterNode.isListed(listed, new Address("127.0.0.1", 5701))).isTrue();
    assertThat(ClusterNode.isListed(listed, new Address("127.0.0.1", 5702)))
        .as("localhost by address")
        .isTrue();
    assertThat(ClusterNode.isListed(listed, new Address("::1", 5703))).isTrue();
    assertThat(ClusterNode.isListed(listed, new Address("127.0.0.1", 5799)))
        .as("another port")
        .isFalse();
    assertThat(ClusterNode.isListed(listed, new Address("127.0.0.2", 5701)))
        .as("another host")
        .isFalse();
    assertThat(
            ClusterNode.isListed(
                List.of("no-such-host.invalid:5701"), new Address("127.0.0.1", 5701)))
        .isFalse();
  }
}
