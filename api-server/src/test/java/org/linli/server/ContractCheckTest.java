package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The contract check itself: real answers keep the contract; answers mutated in the ways clients
 * rely on break it.
 */
class ContractCheckTest {
  static final ContractCheck C = ContractCheck.INSTANCE;
  static final String RATING = "{\"average\": null, \"count\": 0, \"score\": 4.0}";
  static final String MATCH =
      "{\"matches\": [{\"providerId\": \"p1\", \"kind\": \"WORKER\", \"name\": \"王芳\","
          + " \"distanceMeters\": 120.5, \"score\": 0.8, \"verified\": false, \"rating\": "
          + RATING
          + ", \"summary\": {\"skills\": [\"ELDER_CARE\"], \"phone\": \"0755-1234 5678\","
          + " \"openNow\": true, \"todayHours\": [\"09:00-17:30\"], \"cost\": \"FREE\"}"
          + "}], \"total\": 1,"
          + " \"totalCapped\": false}";
  static final String CASE =
      "{\"caseId\": \"c-1\", \"status\": \"OFFERED\", \"offer\": {\"providerId\": \"p1\","
          + " \"expiresAt\": \"2026-12-07T08:15:00Z\"}, \"candidates\": 2, \"createdAt\": \"2026-12-07T08:00:00Z\","
          + " \"need\": {\"location\": {\"lat\": 22.54, \"lon\": 114.05}, \"skills\": [\"ELDER_CARE\"],"
          + " \"description\": \"陪同就医\", \"urgency\": \"ROUTINE\", \"sensitive\": false,"
          + " \"contactPhone\": \"138****5678\"}}";
  static final String PROBLEM =
      "{\"type\": \"https://linli.org/problems/not-found\", \"title\": \"Not found\","
          + " \"status\": 404, \"detail\": \"case c-9\"}";

  @Test
  void wellFormedAnswers_keepTheContract() {
    assertThat(C.violation("POST", "/api/v1/match", 200, "application/json", MATCH)).isNull();
    assertThat(
            C.violation("GET", "/api/v1/cases/c-1", 200, "application/json; charset=utf-8", CASE))
        .isNull();
    assertThat(C.violation("GET", "/api/v1/cases/c-9", 404, "application/problem+json", PROBLEM))
        .isNull();
    assertThat(C.violation("DELETE", "/api/v1/providers/p1", 204, "", "")).isNull();
    assertThat(C.violation("GET", "/staff/index.html", 200, "text/html", "<html></html>")).isNull();
  }

  @Test
  void mutatedAnswers_breakIt() {
    assertThat(
            C.violation(
                "POST",
                "/api/v1/match",
                200,
                "application/json",
                "{\"total\": 1, \"totalCapped\": false}"))
        .contains("matches");
    assertThat(
            C.violation(
                "GET",
                "/api/v1/cases/c-1",
                200,
                "application/json",
                CASE.replace("\"OFFERED\"", "\"WEIRD\"")))
        .isNotNull();
    assertThat(
            C.violation(
                "GET",
                "/api/v1/cases/c-9",
                404,
                "application/problem+json",
                PROBLEM.replace("\"title\": \"Not found\",", "")))
        .contains("title");
    assertThat(
            C.violation(
                "GET",
                "/api/v1/cases/c-9",
                404,
                "application/problem+json",
                PROBLEM.replace("\"status\": 404,", "")))
        .contains("status");
    assertThat(
            C.violation(
                "POST",
                "/api/v1/match",
                200,
                "application/json",
                MATCH.replace("\"total\": 1", "\"total\": 1, \"extra\": true")))
        .isNotNull();
    assertThat(C.violation("GET", "/api/v1/cases/c-1", 418, "application/problem+json", PROBLEM))
        .contains("not documented");
    assertThat(C.violation("GET", "/api/v1/cases/c-1", 200, "text/plain", "hi"))
        .contains("not text/plain");
  }
}
