package org.linli.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.linli.core.agency.Agency;

class AgencyCodecTest {
  @Test
  void everyField_roundTrips_andANewerVersionStops() {
    Agency full =
        new Agency(
            "ag-1",
            "福田区长者关爱社工服务中心",
            "91350100M000100Y43",
            "福田区民政局",
            LocalDate.of(2015, 6, 1),
            "陈某",
            "福华路 1 号",
            "0755-8888 1234",
            Agency.Grade.AAAA,
            new Agency.AnnualReport(2025, Agency.ReportStatus.OVERDUE),
            Agency.AgencyStatus.ABNORMAL,
            Instant.parse("2026-12-08T04:00:00Z"));
    assertThat(AgencyCodec.decode(AgencyCodec.encode(full))).isEqualTo(full);
    Agency bare =
        new Agency(
            "ag-2",
            "某机构",
            "91350100M000100Y43",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Agency.AgencyStatus.REVOKED,
            null);
    assertThat(AgencyCodec.decode(AgencyCodec.encode(bare))).isEqualTo(bare);
    String newer = AgencyCodec.encode(bare).replace("\"v\":1", "\"v\":2");
    assertThatThrownBy(() -> AgencyCodec.decode(newer)).hasMessageContaining("upgrade");
  }
}
