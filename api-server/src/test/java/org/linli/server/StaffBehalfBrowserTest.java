package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A navigator posts a need for a resident who has no phone: by the place's name and the need in
 * words, and the case is the staff member's doing and waits for a provider like any other.
 */
class StaffBehalfBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    RegionSearchApiTest.importDistricts(s);
    assertThat(
            s.put(
                    "/api/v1/providers/sb-elder",
                    IntakeApiTest.provider("sb-elder", "ELDER_CARE", 22.5500, 114.0500))
                .status())
        .isEqualTo(201);
    s.awaitIndexed("sb-elder");
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
  void aNeedPostedForAResidentWithoutAPhone() throws Exception {
    String staff = s.token("sb-duty", Role.STAFF, null, null);
    browser.get("http://127.0.0.1:" + s.server.port() + "/staff/#token=" + staff);
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
      browser.findElement(By.id("behalf-post")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("behalf-result"), "请填写"));
      browser.findElement(By.id("behalf-name")).sendKeys("陈伯");
      browser.findElement(By.id("behalf-place")).sendKeys("福田");
      browser.findElement(By.id("behalf-text")).sendKeys("老人八十多岁独居，没有手机，腿脚不好，需要有人上门照顾");
      browser.findElement(By.id("behalf-post")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("behalf"), "data-state", "posted"));
      String caseId = browser.findElement(By.id("behalf")).getAttribute("data-case");
      assertThat(browser.findElement(By.id("behalf-result")).getText())
          .contains(caseId)
          .contains("已派单")
          .contains("养老服务")
          .contains("福田");
      JsonNode c = CasesApiTest.as(s, staff, "GET", "/api/v1/cases/" + caseId, null).json();
      assertThat(c.get("need").get("onBehalfOf").get("name").asText()).isEqualTo("陈伯");
      assertThat(c.get("offer").get("providerId").asText()).isEqualTo("sb-elder");
      JsonNode history =
          CasesApiTest.as(s, staff, "GET", "/api/v1/cases/" + caseId + "/history", null).json();
      assertThat(history.get("transitions").get(0).get("actor").asText()).isEqualTo("sb-duty");
    } finally {
      Browsers.printConsole(browser);
    }
  }
}
