package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * People sign in on the pages and stay signed in: a resident with a code read from the test's
 * notifications file, who posts a need, reloads, finds it in "my cases" and sees it accepted live;
 * an agency with a password. Live following does not fail silently: it starts after a sign-in,
 * follows a new token in the address bar, shares one stream among many tabs, and says when a
 * session has ended instead of showing "live". "Live" here means within {@link #LIVE}, well under
 * the resident page's 10 s poll.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SignInBrowserTest {
  static final Duration LIVE = Duration.ofSeconds(4);
  static final String PASSWORD = "a desk password 2026";
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    for (String[] w :
        new String[][] {
          {"sb1", "sba", "22.5440", "114.0590"}, {"sb2", "sbb", "22.6440", "114.1590"}
        }) {
      String doc =
          Documents.worker(w[0], Double.parseDouble(w[2]), Double.parseDouble(w[3]))
              .replace("\"a7\"", "\"" + w[1] + "\"")
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/" + w[0], doc).status()).isEqualTo(201);
    }
    s.awaitIndexed("sb1", "sb2");
    TestServer.Answer a =
        CasesApiTest.as(
            s,
            s.adminToken,
            "POST",
            "/api/v1/users",
            "{\"username\": \"desk.a\", \"password\": \""
                + PASSWORD
                + "\", \"roles\": [\"AGENCY\"], \"agencyId\": \"sba\"}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    browser = Browsers.chromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    s.close();
  }

  String url(String path) {
    return "http://127.0.0.1:" + s.server.port() + path;
  }

  static String need(String lat, String lon) {
    return CasesApiTest.NEED.formatted("false").replace("22.5431", lat).replace("114.0579", lon);
  }

  /** A need posted through the API near the provider of agency {@code sba} or {@code sbb}. */
  static String offerTo(String provider) {
    String resident = s.token("r-" + provider + System.nanoTime(), Role.RESIDENT, null, null);
    TestServer.Answer a =
        CasesApiTest.as(
            s,
            resident,
            "POST",
            "/api/v1/needs",
            provider.equals("sb1") ? need("22.5441", "114.0591") : need("22.6441", "114.1591"));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json().get("caseId").asText();
  }

  /** Waits until case {@code caseId} is in the open page's inbox, at most {@link #LIVE}. */
  static void awaitInInbox(String caseId) {
    new WebDriverWait(browser, LIVE)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#inbox li[data-case='" + caseId + "']")));
  }

  void clearSession() {
    browser.get(url("/"));
    ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aResident_signsInWithACode_postsANeed_reloads_andFollowsItLive() throws Exception {
    clearSession();
    browser.get(url("/resident/"));
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
      browser.findElement(By.id("description")).sendKeys("老人行动不便，需要有人陪同去医院");
      browser.findElement(By.id("post")).click();
      wait.until(ExpectedConditions.textToBe(By.id("error"), "请选择服务类别")); // no silent default
      new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("skill")))
          .selectByValue("ELDER_CARE");
      browser.findElement(By.id("post")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-phone")));
      browser.findElement(By.id("signin-phone")).sendKeys("13712340001");
      browser.findElement(By.id("signin-send")).click();
      String code = SignInApiTest.codeFor(s, "13712340001", 1);
      browser.findElement(By.id("signin-code")).sendKeys(code);
      browser.findElement(By.id("signin-go")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("case-card"), "data-status", "OFFERED"));
      String caseId = browser.findElement(By.id("case-id")).getText();
      assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();
      assertThat(browser.findElement(By.id("account")).getText()).contains("137****0001");

      browser.navigate().refresh();
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector("#my-cases li[data-case='" + caseId + "']")));
      wait.until(ExpectedConditions.attributeToBe(By.id("case-card"), "data-status", "OFFERED"));
      assertThat(browser.findElement(By.id("case-id")).getText()).isEqualTo(caseId);
      wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));

      String worker =
          s.server
              .tokens()
              .mint(
                  new Principal("w-sb1", Set.of(Role.WORKER), "sba", "sb1"), Duration.ofMinutes(5));
      assertThat(
              CasesApiTest.as(s, worker, "POST", "/api/v1/cases/" + caseId + "/accept", null)
                  .status())
          .isEqualTo(200);
      new WebDriverWait(browser, LIVE)
          .until(ExpectedConditions.attributeToBe(By.id("case-card"), "data-status", "ACCEPTED"));
      assertThat(browser.findElement(By.id("case-status")).getText()).isEqualTo("已接单");

      browser.findElement(By.id("signout")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-phone")));
      assertThat(
              ((JavascriptExecutor) browser)
                  .executeScript("return localStorage.getItem('linli.session')"))
          .isNull();
      Browsers.screenshot(browser, "resident-signed-out");
    } finally {
      Browsers.printConsole(browser);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void anAgency_signsInWithAPassword_afterTheLoad_andOffersArriveLive() {
    clearSession();
    browser.get(url("/agency/"));
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-username")));
      browser.findElement(By.id("signin-username")).sendKeys("desk.a");
      browser.findElement(By.id("signin-password")).sendKeys("wrong password here");
      browser.findElement(By.id("signin-go")).click();
      wait.until(
          ExpectedConditions.textMatches(
              By.id("signin-error"), java.util.regex.Pattern.compile(".+")));
      browser.findElement(By.id("signin-password")).clear();
      browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
      browser.findElement(By.id("signin-go")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("desk"), "data-state", "ready"));
      wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
      String caseId = offerTo("sb1");
      awaitInInbox(caseId);
    } finally {
      Browsers.printConsole(browser);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void aNewTokenInTheAddressBar_isFollowedLive() {
    clearSession();
    String a = s.token("desk-a", Role.AGENCY, "sba", null);
    String b = s.token("desk-b", Role.AGENCY, "sbb", null);
    browser.get(url("/agency/#token=" + a));
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("desk"), "data-state", "ready"));
      ((JavascriptExecutor) browser).executeScript("location.hash = 'token=" + b + "'");
      String caseId = offerTo("sb2");
      awaitInInbox(caseId);
    } finally {
      Browsers.printConsole(browser);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void sevenTabs_shareOneStream_andEveryTabFollowsLive() {
    clearSession();
    String a = s.token("desk-tabs", Role.AGENCY, "sba", null);
    String first = browser.getWindowHandle();
    List<String> tabs = new ArrayList<>();
    try {
      browser.get(url("/agency/#token=" + a));
      tabs.add(first);
      for (int i = 1; i < 7; i++) {
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(url("/agency/"));
        tabs.add(browser.getWindowHandle());
      }
      for (String tab : tabs) {
        browser.switchTo().window(tab);
        Browsers.waitFor(browser)
            .until(ExpectedConditions.attributeToBe(By.id("desk"), "data-state", "ready"));
      }
      // Every tab says it is live (one of them streaming, the others hearing it).
      for (String tab : tabs) {
        browser.switchTo().window(tab);
        Browsers.waitFor(browser)
            .until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
      }
      String caseId = offerTo("sb1");
      for (String tab : tabs) {
        browser.switchTo().window(tab);
        awaitInInbox(caseId);
      }
    } finally {
      Browsers.printConsole(browser);
      for (String tab : tabs) {
        if (!tab.equals(first)) {
          browser.switchTo().window(tab);
          browser.close();
        }
      }
      browser.switchTo().window(first);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void aSessionEndedElsewhere_saysSo_insteadOfShowingLive() {
    clearSession();
    String token = s.token("desk-gone", Role.AGENCY, "sba", null);
    assertThat(SignOutApiTest.logout(s, token).status()).isEqualTo(204);
    browser.get(url("/agency/#token=" + token));
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("desk"), "data-state", "error"));
      assertThat(browser.findElement(By.id("live")).getText())
          .as("not live while its calls fail")
          .doesNotContain("实时");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-username")));
      assertThat(browser.findElement(By.id("signin-notice")).getText()).contains("登录已过期");
    } finally {
      Browsers.printConsole(browser);
    }
  }
}
