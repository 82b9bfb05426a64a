package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff coverage map in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code .ci/run} installs): it draws every district of the real Shenzhen
 * layer, filters by skill, shows a clicked region's figures and the H3 layer. Screenshots go to
 * {@code target/screenshots/}.
 */
class StaffPageBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    assertThat(
            RegionsApiTest.importAs(
                    s,
                    s.adminToken,
                    "level=district&nameProperty=qh",
                    RegionsApiTest.file("boundaries/shenzhen_districts_transbigdata.json"))
                .status())
        .isEqualTo(200);
    for (int i = 0; i < 12; i++) {
      String doc =
          Documents.worker("sp" + i, 22.52 + 0.01 * i, 114.00 + 0.008 * i)
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/sp" + i, doc).status()).isEqualTo(201);
    }
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
  void staffMap_drawsEveryDistrict_filtersBySkill_andShowsAClickedRegion() throws Exception {
    String staff =
        s.server
            .tokens()
            .mint(
                new Principal("staff-browser", Set.of(Role.STAFF), null, null),
                Duration.ofMinutes(10));
    browser.get("about:blank");
    browser.get("http://127.0.0.1:" + s.server.port() + "/staff/#token=" + staff);
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
    } finally { // what the page said, for a failing run's report
      Browsers.printConsole(browser);
    }
    assertThat(browser.getCurrentUrl())
        .as("the token leaves the address bar")
        .doesNotContain("token=");
    List<WebElement> regions = browser.findElements(By.cssSelector("#map path.region"));
    assertThat(regions).hasSize(10);
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("覆盖地图");

    new Select(browser.findElement(By.id("skill"))).selectByValue("CHILD_WELFARE");
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-skill", "CHILD_WELFARE"));
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
    assertThat(browser.findElements(By.cssSelector("#map path.region"))).hasSize(10);

    WebElement futian =
        browser.findElements(By.cssSelector("#map path.region")).stream()
            .filter(p -> p.isDisplayed())
            .findFirst()
            .orElseThrow();
    new org.openqa.selenium.interactions.Actions(browser).moveToElement(futian).click().perform();
    wait.until(d -> d.findElement(By.cssSelector("#details h3")).getText().length() > 0);
    assertThat(browser.findElement(By.cssSelector("#details table")).getText()).contains("%");
    assertThat(browser.findElements(By.cssSelector("#deserts li"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#gaps-chart canvas")))
        .as("the gaps chart")
        .isNotEmpty();

    browser.findElement(By.id("hexes")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#map path.hex")).isEmpty());
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
    Browsers.screenshot(browser, "staff-coverage-map");

    browser.findElement(By.id("lang")).click();
    wait.until(d -> d.findElement(By.tagName("h1")).getText().contains("Coverage map"));
  }

  @Test
  void signedOut_theMapAsksForAUsernameAndPassword() {
    browser.get("http://127.0.0.1:" + s.server.port() + "/staff/");
    ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("localStorage.clear(); location.reload();");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-username")));
    assertThat(browser.findElement(By.id("signin-password")).getAttribute("type"))
        .isEqualTo("password");
    assertThat(browser.findElement(By.id("map")).getAttribute("data-state"))
        .isEqualTo("signed-out");
  }
}
