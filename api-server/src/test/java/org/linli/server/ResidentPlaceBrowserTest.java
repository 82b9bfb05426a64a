package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A resident finds their place on the map: by a place name, or by the phone's own location; and the
 * service list has no default that a careless tap would send.
 */
class ResidentPlaceBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    RegionSearchApiTest.importDistricts(s);
    browser = Browsers.chromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    s.close();
  }

  double mapData(String name) {
    return Double.parseDouble(browser.findElement(By.id("map")).getAttribute("data-" + name));
  }

  @Test
  void aPlaceName_orThePhonesLocation_movesThePin_andNoServiceIsChosenForThem() {
    browser.get("http://127.0.0.1:" + s.server.port() + "/resident/");
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
      // No tile server and no network: the loaded regions are the base, with their names.
      assertThat(browser.findElement(By.id("map")).getAttribute("data-base")).isEqualTo("regions");
      assertThat(browser.findElements(By.cssSelector("#map .base-label")))
          .extracting(e -> e.getAttribute("textContent")) // one is off the screen: not "displayed"
          .containsExactlyInAnyOrder("福田", "罗湖");
      assertThat(browser.findElements(By.cssSelector("#map path.base-region"))).hasSize(2);
      // The pages' GCJ-02 conversion (for GCJ-02 tiles) agrees with the server's.
      com.fasterxml.jackson.databind.JsonNode server =
          s.get("/api/v1/geo/convert?lat=22.5431&lon=114.0579&from=WGS84&to=GCJ02").json();
      @SuppressWarnings("unchecked")
      java.util.List<Number> page =
          (java.util.List<Number>)
              ((org.openqa.selenium.JavascriptExecutor) browser)
                  .executeScript("return LinliMap.wgsToGcj(22.5431, 114.0579);");
      assertThat(page.get(0).doubleValue())
          .isCloseTo(server.get("lat").asDouble(), org.assertj.core.data.Offset.offset(1e-7));
      assertThat(page.get(1).doubleValue())
          .isCloseTo(server.get("lon").asDouble(), org.assertj.core.data.Offset.offset(1e-7));
      @SuppressWarnings("unchecked")
      java.util.List<Number> back =
          (java.util.List<Number>)
              ((org.openqa.selenium.JavascriptExecutor) browser)
                  .executeScript(
                      "const g = LinliMap.wgsToGcj(22.5431, 114.0579); return LinliMap.gcjToWgs(g[0], g[1]);");
      assertThat(back.get(0).doubleValue())
          .isCloseTo(22.5431, org.assertj.core.data.Offset.offset(1e-7));
      assertThat(back.get(1).doubleValue())
          .isCloseTo(114.0579, org.assertj.core.data.Offset.offset(1e-7));
      assertThat(
              new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("skill")))
                  .getFirstSelectedOption()
                  .getAttribute("value"))
          .as("no default service")
          .isEmpty();
      browser.findElement(By.id("find")).click();
      wait.until(ExpectedConditions.textToBe(By.id("error"), "请选择服务类别"));

      browser.findElement(By.id("place")).sendKeys("罗湖区");
      browser.findElement(By.id("place-go")).click();
      wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#places button"))).click();
      wait.until(d -> mapData("lon") > 114.10);
      assertThat(mapData("lat")).isBetween(22.50, 22.60);
      assertThat(mapData("lon")).isBetween(114.10, 114.20);

      browser.findElement(By.id("place")).clear();
      browser.findElement(By.id("place")).sendKeys("火星");
      browser.findElement(By.id("place-go")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("place-error"), "没有找到"));

      ChromeDriver chrome = (ChromeDriver) browser;
      chrome.executeCdpCommand(
          "Browser.grantPermissions",
          Map.of(
              "origin",
              "http://127.0.0.1:" + s.server.port(),
              "permissions",
              java.util.List.of("geolocation")));
      chrome.executeCdpCommand(
          "Emulation.setGeolocationOverride",
          Map.of("latitude", 22.5555, "longitude", 114.0222, "accuracy", 10));
      browser.findElement(By.id("locate")).click();
      wait.until(d -> Math.abs(mapData("lat") - 22.5555) < 1e-4);
      assertThat(mapData("lon")).isCloseTo(114.0222, org.assertj.core.data.Offset.offset(1e-4));
    } finally {
      Browsers.printConsole(browser);
    }
  }
}
