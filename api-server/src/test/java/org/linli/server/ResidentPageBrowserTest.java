package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The resident page in headless Chromium: find explained matches, post the need, see the case,
 * follow it live while the provider accepts and completes it (through the API), and rate it.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ResidentPageBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    for (String[] w :
        new String[][] {{"rp1", "22.5440", "114.0590"}, {"rp2", "22.5460", "114.0610"}}) {
      String doc =
          Documents.worker(w[0], Double.parseDouble(w[1]), Double.parseDouble(w[2]))
              .replace("\"a7\"", "\"rpa\"")
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/" + w[0], doc).status()).isEqualTo(201);
    }
    s.awaitIndexed("rp1", "rp2");
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
  @org.junit.jupiter.api.Order(1)
  void residentFindsHelp_postsTheNeed_followsTheCaseLive_andRatesIt() throws Exception {
    String resident =
        s.server
            .tokens()
            .mint(
                new Principal("resident-browser", Set.of(Role.RESIDENT), null, null),
                Duration.ofMinutes(10));
    browser.get("http://127.0.0.1:" + s.server.port() + "/resident/#token=" + resident);
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
      new Select(browser.findElement(By.id("skill"))).selectByValue("ELDER_CARE");
      browser.findElement(By.id("description")).sendKeys("需要陪同老人去医院复诊");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("suggest-why")));
      browser.findElement(By.id("phone")).sendKeys("13812345678");
      browser.findElement(By.id("find")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "matched"));
      assertThat(browser.findElements(By.cssSelector("#matches li.match"))).hasSize(2);
      assertThat(browser.findElements(By.cssSelector("#map .num-marker")))
          .as("matches on the map, numbered as in the list")
          .extracting(e -> e.getAttribute("textContent"))
          .containsExactlyInAnyOrder("1", "2");
      assertThat(browser.findElement(By.id("matches")).getText()).contains("=");

      browser.findElement(By.id("post")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("case-card"), "data-status", "OFFERED"));
      String caseId = browser.findElement(By.id("case-id")).getText();
      assertThat(caseId).startsWith("c-");

      // The offered provider accepts and completes; the page follows over the event stream.
      String worker =
          s.server
              .tokens()
              .mint(
                  new Principal("w-rp1", Set.of(Role.WORKER), "rpa", "rp1"),
                  Duration.ofMinutes(10));
      assertThat(
              CasesApiTest.as(s, worker, "POST", "/api/v1/cases/" + caseId + "/accept", null)
                  .status())
          .isEqualTo(200);
      wait.until(ExpectedConditions.attributeToBe(By.id("case-card"), "data-status", "ACCEPTED"));
      assertThat(
              CasesApiTest.as(
                      s,
                      worker,
                      "POST",
                      "/api/v1/cases/" + caseId + "/complete",
                      "{\"outcome\": \"GOT_HELP\"}")
                  .status())
          .isEqualTo(200);
      wait.until(ExpectedConditions.attributeToBe(By.id("case-card"), "data-status", "COMPLETED"));
      assertThat(browser.findElements(By.cssSelector("#history li")))
          .extracting(li -> li.getAttribute("data-event"))
          .containsExactly("OFFERED", "ACCEPTED", "COMPLETED");
      assertThat(browser.findElement(By.id("history")).getText())
          .as("in words, not enums")
          .contains("服务者已接单")
          .doesNotContain("ACCEPTED");

      new Select(browser.findElement(By.id("stars-overall"))).selectByValue("4");
      browser.findElement(By.id("comment")).sendKeys("<b>准时</b>，很专业");
      browser.findElement(By.id("rate-send")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rated")));
      assertThat(browser.findElement(By.id("rated")).getText()).matches(".*[0-9a-f]{64}.*");
      Browsers.screenshot(browser, "resident-case-rated");
    } finally {
      Browsers.printConsole(browser);
    }
    // The rating reached the provider, comment stored as given (shown as text, not markup).
    assertThat(s.get("/api/v1/providers/rp1").json().get("rating").get("average").asDouble())
        .isEqualTo(4.0);
    assertThat(
            s.get("/api/v1/providers/rp1/feedback")
                .json()
                .get("items")
                .get(0)
                .get("comment")
                .asText())
        .isEqualTo("<b>准时</b>，很专业");
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void theResidentPage_fitsAPhone() throws Exception {
    String resident =
        s.server
            .tokens()
            .mint(
                new Principal("resident-phone", Set.of(Role.RESIDENT), null, null),
                Duration.ofMinutes(10));
    Browsers.assertFitsAPhone(
        browser,
        "http://127.0.0.1:" + s.server.port() + "/resident/#token=" + resident,
        "map",
        "resident-phone",
        "map",
        "skill",
        "description",
        "find");
  }
}
