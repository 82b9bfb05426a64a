package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Service details in the pages, in headless Chromium: an agency fills in a project's hours, cost,
 * who may come and access, and saves them; a resident sees each match's phone, hours and cost in
 * words, filters to free services with wheelchair access, and, giving their age, learns why the
 * nearest service is not for them.
 */
class ServiceDetailsBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    RegionSearchApiTest.importDistricts(s);
    assertThat(
            s.put(
                    "/api/v1/providers/sdb-elder",
                    ServiceDetailsApiTest.provider("sdb-elder", 22.5440, 114.0590, "")
                        .replace("\"sd-a\"", "\"sdb-a\""))
                .status())
        .isEqualTo(201);
    assertThat(
            s.put(
                    "/api/v1/providers/sdb-open",
                    ServiceDetailsApiTest.provider(
                            "sdb-open",
                            22.5460,
                            114.0610,
                            """
                            "phones": [{"number": "0755-2345 6789"}], "cost": {"type": "SUBSIDISED"},
                            "schedules": [{"byDay": ["MO","TU","WE","TH","FR","SA","SU"], "opensAt": "00:00", "closesAt": "00:00"}]
                            """)
                        .replace("\"sd-a\"", "\"sdb-b\""))
                .status())
        .isEqualTo(201);
    s.awaitIndexed("sdb-elder", "sdb-open");
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
  void anAgencyFillsInDetails_andAResidentActsOnThem() throws Exception {
    String agency =
        s.server
            .tokens()
            .mint(
                new Principal("sdb-agency", Set.of(Role.AGENCY), "sdb-a", null),
                Duration.ofMinutes(10));
    browser.get("http://127.0.0.1:" + s.server.port() + "/agency/#token=" + agency);
    WebDriverWait wait = Browsers.waitFor(browser);
    wait.until(ExpectedConditions.attributeToBe(By.id("desk"), "data-state", "ready"));
    browser.findElement(By.cssSelector("button[data-edit='sdb-elder']")).click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("details")));
    form.findElement(By.name("phone0")).sendKeys("0755-8888 1234");
    form.findElement(By.name("address")).sendKeys("福田区福华路 1 号");
    form.findElement(By.id("add-hours")).click();
    WebElement row = form.findElement(By.cssSelector(".hour-row"));
    for (String day : new String[] {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}) {
      row.findElement(By.cssSelector("input[value='" + day + "']")).click();
    }
    // Round the clock, so that "open now" holds whenever the test runs.
    setTime(row.findElement(By.cssSelector(".opens")), "00:00");
    setTime(row.findElement(By.cssSelector(".closes")), "00:00");
    new Select(form.findElement(By.name("cost"))).selectByValue("FREE");
    form.findElement(By.name("minAge")).sendKeys("60");
    form.findElement(By.cssSelector("input[name='access'][value='WHEELCHAIR']")).click();
    form.findElement(By.id("details-save")).click();
    wait.until(ExpectedConditions.attributeToBeNotEmpty(form, "data-saved"));
    Browsers.screenshot(browser, "agency-service-details");
    JsonNode saved = s.get("/api/v1/providers/sdb-elder").json();
    assertThat(saved.get("phones").get(0).get("number").asText()).isEqualTo("0755-8888 1234");
    assertThat(saved.get("cost").get("type").asText()).isEqualTo("FREE");
    assertThat(saved.get("eligibility").get("minAge").asInt()).isEqualTo(60);
    assertThat(saved.get("accessibility").toString()).isEqualTo("[\"WHEELCHAIR\"]");
    assertThat(saved.get("schedules").get(0).get("byDay")).hasSize(7);
    // A mistake is named, and nothing is saved.
    form.findElement(By.name("website")).sendKeys("not an address");
    form.findElement(By.id("details-save")).click();
    wait.until(
        d ->
            !d.findElement(By.id("details-error")).getText().isEmpty()
                && d.findElement(By.id("details-error")).getAttribute("class").contains("error"));
    assertThat(s.get("/api/v1/providers/sdb-elder").json().has("website")).isFalse();

    String resident =
        s.server
            .tokens()
            .mint(
                new Principal("sdb-resident", Set.of(Role.RESIDENT), null, null),
                Duration.ofMinutes(10));
    browser.get("http://127.0.0.1:" + s.server.port() + "/resident/#token=" + resident);
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
    new Select(browser.findElement(By.id("skill"))).selectByValue("ELDER_CARE");
    browser.findElement(By.id("find")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "matched"));
    WebElement elder =
        browser.findElements(By.cssSelector("#matches li.match")).stream()
            .filter(li -> li.getText().contains("项目sdb-elder"))
            .findFirst()
            .orElseThrow();
    assertThat(elder.getText())
        .contains("☎ 0755-8888 1234")
        .contains("正在开放")
        .contains("今天 00:00–00:00")
        .contains("免费")
        .contains("服务对象：60 岁及以上")
        .contains("福华路");
    assertThat(elder.findElement(By.cssSelector("a.tel")).getAttribute("href"))
        .as("tap to call")
        .isEqualTo("tel:075588881234");

    // Only free services with wheelchair access: the other match goes.
    browser.findElement(By.id("f-free")).click();
    browser.findElement(By.id("f-wheelchair")).click();
    browser.findElement(By.id("find")).click();
    wait.until(d -> d.findElements(By.cssSelector("#matches li.match")).size() == 1);

    // A 45-year-old: the nearest is not for them, and the page says why.
    browser.findElement(By.id("f-free")).click();
    browser.findElement(By.id("f-wheelchair")).click();
    browser.findElement(By.id("s-age")).sendKeys("45");
    browser.findElement(By.id("find")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("near-misses")));
    assertThat(browser.findElement(By.cssSelector("#matches li.match")).getText())
        .contains("项目sdb-open");
    assertThat(browser.findElement(By.id("near-miss-list")).getText())
        .contains("项目sdb-elder")
        .contains("要求：60 岁及以上");
    Browsers.screenshot(browser, "resident-service-details");
    Browsers.assertFitsAPhone(
        browser,
        "http://127.0.0.1:" + s.server.port() + "/resident/",
        "map",
        "resident-service-details",
        "filters",
        "situation");
  }

  private static void setTime(WebElement input, String value) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", input, value);
  }
}
