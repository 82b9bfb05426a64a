package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public lookup page in headless Chromium, signed in as nobody: two words of a name find the
 * organisation; its record shows its registration, grade, report and services in words.
 */
class LookupBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    RegionSearchApiTest.importDistricts(s);
    assertThat(
            s.put("/api/v1/agencies/lb-fu", AgencyApiTest.RECORD.formatted("91350100M000100Y43"))
                .status())
        .isEqualTo(201);
    assertThat(
            s.put(
                    "/api/v1/agencies/lb-lo",
                    AgencyApiTest.RECORD
                        .formatted("914403001922038216")
                        .replace("福田区长者关爱", "罗湖区青少年成长"))
                .status())
        .isEqualTo(201);
    String project =
        IntakeApiTest.provider("lb-p1", "ELDER_CARE", 22.5210, 114.0210)
            .replace("\"AGENCY\"", "\"PROJECT\"")
            .replace("\"机构lb-p1\"", "\"长者饭堂项目\"")
            .replace("\"ag-lb-p1\"", "\"lb-fu\"");
    assertThat(s.put("/api/v1/providers/lb-p1", project).status()).isEqualTo(201);
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
  void twoWordsFindTheOrganisation_andItsRecordReadsInWords() throws Exception {
    String page = "http://127.0.0.1:" + s.server.port() + "/lookup/";
    browser.get(page);
    WebDriverWait wait = Browsers.waitFor(browser);
    wait.until(ExpectedConditions.attributeToBe(By.id("lookup"), "data-found", "2"));
    // The district where its project is: only it.
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("district")))
        .selectByValue("440304");
    wait.until(ExpectedConditions.attributeToBe(By.id("lookup"), "data-found", "1"));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("district")))
        .selectByValue("");
    wait.until(ExpectedConditions.attributeToBe(By.id("lookup"), "data-found", "2"));
    browser.findElement(By.id("q")).sendKeys("福田 关爱", Keys.ENTER);
    wait.until(ExpectedConditions.attributeToBe(By.id("lookup"), "data-found", "1"));
    String row = browser.findElement(By.cssSelector("#found li[data-agency='lb-fu']")).getText();
    assertThat(row)
        .contains("深圳市福田区长者关爱社工服务中心")
        .contains("已登记")
        .contains("91350100M000100Y43")
        .contains("AAAA 级")
        .contains("2025 年度已报送");
    browser.findElement(By.cssSelector("#found li[data-agency='lb-fu'] button")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("detail"), "data-agency", "lb-fu"));
    String detail = browser.findElement(By.id("detail")).getText();
    assertThat(detail).contains("深圳市福田区民政局").contains("长者饭堂项目").doesNotContain("陈某");
    Browsers.assertFitsAPhone(browser, page, "lookup", "lookup-phone", "q", "found");
  }
}
