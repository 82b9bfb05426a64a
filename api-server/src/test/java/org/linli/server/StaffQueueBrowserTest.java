package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The staff page lists the needs escalated to staff that still wait for a provider. */
class StaffQueueBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
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
  void anUnmatchedNeed_appearsInTheStaffQueue_inWords() {
    String resident = s.token("sq-r1", Role.RESIDENT, null, null);
    TestServer.Answer posted =
        CasesApiTest.as(s, resident, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false"));
    assertThat(posted.json().get("status").asText())
        .as("no provider at all")
        .isEqualTo("UNMATCHED");
    String id = posted.json().get("caseId").asText();
    browser.get(
        "http://127.0.0.1:"
            + s.server.port()
            + "/staff/#token="
            + s.token("sq-staff", Role.STAFF, null, null));
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      By item = By.cssSelector("#queue li[data-case='" + id + "']");
      wait.until(ExpectedConditions.presenceOfElementLocated(item));
      assertThat(browser.findElement(item).getText()).contains("暂无可接单的服务者", "养老服务");
      assertThat(browser.findElement(item).getText()).doesNotContain("UNMATCHED", "ELDER_CARE");
    } finally {
      Browsers.printConsole(browser);
    }
  }
}
