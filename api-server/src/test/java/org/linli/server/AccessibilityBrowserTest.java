package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page, as its users see it with something on it, at phone size: axe-core's WCAG 2.1 AA rules
 * find no serious or critical violation (contrast, labels, names, structure).
 */
class AccessibilityBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    RegionSearchApiTest.importDistricts(s);
    ClusterCasesApiTest.putWorker(s, "ax-p1", "ax-a", 22.5432, 114.0580);
    s.awaitIndexed("ax-p1");
    browser = Browsers.chromium();
    browser.manage().window().setSize(new Dimension(390, 844));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    s.close();
  }

  String url(String page, String token) {
    return "http://127.0.0.1:" + s.server.port() + page + (token == null ? "" : "#token=" + token);
  }

  @Test
  void theLandingPage() throws Exception {
    browser.get(url("/", null));
    Browsers.waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
    assertThat(Axe.seriousViolations(browser)).isEmpty();
  }

  @Test
  void theResidentPage_withASuggestionAndMatches() throws Exception {
    browser.get(url("/resident/", s.token("ax-r", Role.RESIDENT, null, null)));
    WebDriverWait wait = Browsers.waitFor(browser);
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
    browser.findElement(By.id("description")).sendKeys("我妈八十多岁一个人住，想请人每天上门照顾");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("suggest-why")));
    browser.findElement(By.id("find")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "matched"));
    assertThat(Axe.seriousViolations(browser)).isEmpty();
  }

  @Test
  void theAgencyDesk_withAnOffer() throws Exception {
    String resident = s.token("ax-r2", Role.RESIDENT, null, null);
    assertThat(
            CasesApiTest.as(
                    s, resident, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false"))
                .status())
        .isEqualTo(201);
    browser.get(url("/agency/", s.token("ax-ag", Role.AGENCY, "ax-a", null)));
    WebDriverWait wait = Browsers.waitFor(browser);
    wait.until(ExpectedConditions.attributeToBe(By.id("desk"), "data-state", "ready"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#inbox li.case")));
    assertThat(Axe.seriousViolations(browser)).isEmpty();
  }

  @Test
  void theStaffPage_withTheMap() throws Exception {
    browser.get(url("/staff/", s.token("ax-s", Role.STAFF, null, null)));
    WebDriverWait wait = Browsers.waitFor(browser);
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
    assertThat(Axe.seriousViolations(browser)).isEmpty();
  }

  @Test
  void theLookupPage_withARecordOpen() throws Exception {
    assertThat(
            s.put("/api/v1/agencies/ax-a", AgencyApiTest.RECORD.formatted("91350100M000100Y43"))
                .status())
        .isIn(200, 201);
    browser.get(url("/lookup/", null));
    WebDriverWait wait = Browsers.waitFor(browser);
    wait.until(ExpectedConditions.attributeToBe(By.id("lookup"), "data-state", "ready"));
    browser.findElement(By.cssSelector("#found li[data-agency='ax-a'] button")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("detail"), "data-agency", "ax-a"));
    assertThat(Axe.seriousViolations(browser)).isEmpty();
  }
}
