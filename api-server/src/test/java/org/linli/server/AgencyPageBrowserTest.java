package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agency desk in headless Chromium: an offer posted by a resident (through the API) arrives in
 * the open inbox over the event stream, the agency accepts it with a click, and the roster shows
 * the provider's load.
 */
class AgencyPageBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    RegionSearchApiTest.importDistricts(s);
    String doc =
        Documents.worker("ap1", 22.5440, 114.0590)
            .replace("\"a7\"", "\"apa\"")
            .replace("\"capacity\": 12, \"activeCases\": 3", "\"capacity\": 4, \"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/ap1", doc).status()).isEqualTo(201);
    String colleague =
        Documents.worker("ap2", 22.5700, 114.0900)
            .replace("\"a7\"", "\"apa\"")
            .replace("\"王芳\"", "\"李娜\"")
            .replace("\"capacity\": 12, \"activeCases\": 3", "\"capacity\": 4, \"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/ap2", colleague).status()).isEqualTo(201);
    s.awaitIndexed("ap1", "ap2");
    browser = Browsers.chromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    s.close();
  }

  @Test
  void anOfferArrivesLive_isAcceptedWithAClick_andTheRosterShowsTheLoad() throws Exception {
    String agency =
        s.server
            .tokens()
            .mint(
                new Principal("agency-browser", Set.of(Role.AGENCY), "apa", null),
                Duration.ofMinutes(10));
    browser.get("http://127.0.0.1:" + s.server.port() + "/agency/#token=" + agency);
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("desk"), "data-state", "ready"));
      assertThat(
              browser
                  .findElement(By.cssSelector("#roster tr[data-provider='ap1'] td.load"))
                  .getText())
          .isEqualTo("0 / 4");
      String resident =
          s.server
              .tokens()
              .mint(
                  new Principal("r-" + UUID.randomUUID(), Set.of(Role.RESIDENT), null, null),
                  Duration.ofMinutes(5));
      TestServer.Answer created =
          CasesApiTest.as(
              s, resident, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false"));
      String caseId = created.json().get("caseId").asText();
      By card = By.cssSelector("#inbox li[data-case='" + caseId + "']");
      wait.until(ExpectedConditions.presenceOfElementLocated(card)); // pushed, not polled
      String offered =
          wait.until(
              d ->
                  d.findElement(card).getAttribute("data-status")
                      + "|"
                      + d.findElement(card).getText());
      assertThat(offered)
          .startsWith("OFFERED|")
          .contains("138****5678")
          .doesNotContain("13812345678");
      // In words: the status, the provider's name, the service, the place, and the time left.
      wait.until(d -> d.findElement(card).getText().contains("福田"));
      assertThat(browser.findElement(card).getText())
          .contains("已派单，等待接单 · 王芳")
          .contains("养老服务")
          .doesNotContain("ELDER_CARE")
          .doesNotContain("22.543");
      assertThat(browser.findElement(card).findElement(By.cssSelector(".expires")).getText())
          .matches("还剩 1[45] 分钟可接单");
      wait.until(
          d -> {
            d.findElement(card).findElement(By.cssSelector("button.accept")).click();
            return true;
          });
      wait.until(d -> "ACCEPTED".equals(d.findElement(card).getAttribute("data-status")));
      wait.until(
          d ->
              d.findElement(By.cssSelector("#roster tr[data-provider='ap1'] td.load"))
                  .getText()
                  .equals("1 / 4"));
      wait.until(
          d ->
              d.findElement(card)
                  .getText()
                  .contains("13812345678")); // the assigned provider sees it
      assertThat(
              browser.findElement(card).findElement(By.cssSelector("a.call")).getAttribute("href"))
          .as("tap to call")
          .isEqualTo("tel:13812345678");

      // A note for the record, then the case moves to a colleague with its unit of capacity.
      browser.findElement(card).findElement(By.cssSelector("input.note")).sendKeys("已电话联系，周三上门");
      browser.findElement(card).findElement(By.cssSelector("button.add-note")).click();
      wait.until(
          d ->
              d.findElement(card)
                  .findElement(By.cssSelector("ul.notes"))
                  .getText()
                  .contains("周三上门"));
      new org.openqa.selenium.support.ui.Select(
              browser.findElement(card).findElement(By.cssSelector("select.assign-to")))
          .selectByValue("ap2");
      browser.findElement(card).findElement(By.cssSelector("button.assign")).click();
      wait.until(
          d ->
              d.findElement(By.cssSelector("#roster tr[data-provider='ap2'] td.load"))
                  .getText()
                  .equals("1 / 4"));
      assertThat(
              browser
                  .findElement(By.cssSelector("#roster tr[data-provider='ap1'] td.load"))
                  .getText())
          .isEqualTo("0 / 4");
      wait.until(d -> d.findElement(card).getText().contains("已接单 · 李娜"));
      Browsers.screenshot(browser, "agency-desk-accepted");
      assertThat(s.get("/api/v1/providers/ap2").json().get("activeCases").asInt()).isEqualTo(1);
      assertThat(s.get("/api/v1/providers/ap1").json().get("activeCases").asInt()).isZero();

      // Completing asks how it ended; without an outcome nothing is sent.
      browser.findElement(card).findElement(By.cssSelector("button.complete")).click();
      wait.until(d -> d.findElement(By.id("error")).getText().equals("请选择服务结果"));
      assertThat(browser.findElement(card).getAttribute("data-status")).isEqualTo("ACCEPTED");
      new org.openqa.selenium.support.ui.Select(
              browser.findElement(card).findElement(By.cssSelector("select.outcome")))
          .selectByValue("GOT_HELP");
      browser.findElement(card).findElement(By.cssSelector("input.minutes")).sendKeys("45");
      browser.findElement(card).findElement(By.cssSelector("button.complete")).click();
      wait.until(d -> "COMPLETED".equals(d.findElement(card).getAttribute("data-status")));
    } finally {
      Browsers.printConsole(browser);
    }
    assertThat(s.get("/api/v1/providers/ap1").json().get("activeCases").asInt()).isZero();
    assertThat(s.get("/api/v1/providers/ap2").json().get("activeCases").asInt()).isZero();
  }

  @Test
  void theRoster_isForItsAgencyAndAdminOnly() {
    String other =
        s.server
            .tokens()
            .mint(new Principal("other", Set.of(Role.AGENCY), "zzz", null), Duration.ofMinutes(5));
    assertThat(CasesApiTest.as(s, other, "GET", "/api/v1/providers?agencyId=apa", null).status())
        .isEqualTo(403);
    TestServer.Answer roster =
        s.send(
            s.asAdmin(
                java.net.http.HttpRequest.newBuilder(s.uri("/api/v1/providers?agencyId=apa"))
                    .GET()));
    assertThat(roster.status()).as("ADMIN").isEqualTo(200);
    assertThat(roster.json().get("providers").get(0).get("id").asText()).isEqualTo("ap1");
    assertThat(
            s.send(
                    java.net.http.HttpRequest.newBuilder(s.uri("/api/v1/providers?agencyId=apa"))
                        .GET())
                .status())
        .isEqualTo(401);
  }

  @Test
  void theAgencyDesk_fitsAPhone() throws Exception {
    String agency =
        s.server
            .tokens()
            .mint(
                new Principal("agency-phone", Set.of(Role.AGENCY), "apa", null),
                Duration.ofMinutes(10));
    Browsers.assertFitsAPhone(
        browser,
        "http://127.0.0.1:" + s.server.port() + "/agency/#token=" + agency,
        "desk",
        "agency-phone",
        "inbox",
        "roster");
  }
}
