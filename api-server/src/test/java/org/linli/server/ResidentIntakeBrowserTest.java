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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * At phone size, a resident writes the need in words: the page suggests the service and says why,
 * marks a need about safety sensitive, lets the resident find their place by name, posts, and
 * follows the case; a service the resident picked by hand is never replaced by a suggestion.
 */
class ResidentIntakeBrowserTest {
  static TestServer s;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    RegionSearchApiTest.importDistricts(s);
    assertThat(
            s.put(
                    "/api/v1/providers/ri-dv",
                    IntakeApiTest.provider("ri-dv", "DOMESTIC_VIOLENCE", 22.5520, 114.0560))
                .status())
        .isEqualTo(201);
    assertThat(
            s.put(
                    "/api/v1/providers/ri-elder",
                    IntakeApiTest.provider("ri-elder", "ELDER_CARE", 22.5500, 114.0500))
                .status())
        .isEqualTo(201);
    s.awaitIndexed("ri-dv", "ri-elder");
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

  String skill() {
    return new Select(browser.findElement(By.id("skill")))
        .getFirstSelectedOption()
        .getAttribute("value");
  }

  @Test
  void aNeedInWords_suggestsTheServiceAndWhy_isPosted_andFollowed() throws Exception {
    String resident =
        s.server
            .tokens()
            .mint(
                new Principal("resident-intake", Set.of(Role.RESIDENT), null, null),
                Duration.ofMinutes(10));
    browser.get("http://127.0.0.1:" + s.server.port() + "/resident/#token=" + resident);
    WebDriverWait wait = Browsers.waitFor(browser);
    try {
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "ready"));
      assertThat(skill()).as("no default service").isEmpty();
      String words = "我老公喝醉了就打我，昨晚我带着两个孩子跑出来了，不敢回家";
      browser.findElement(By.id("description")).sendKeys(words);
      wait.until(d -> "DOMESTIC_VIOLENCE".equals(skill()));
      String why = browser.findElement(By.id("suggest-why")).getText();
      assertThat(why).startsWith("依据您写的：");
      assertThat(why.substring("依据您写的：".length()).split("、"))
          .isNotEmpty()
          .allSatisfy(w -> assertThat(words).contains(w.replace("“", "").replace("”", "")));
      assertThat(browser.findElement(By.cssSelector("#suggest button.chip")).getText())
          .isEqualTo("反家暴");
      assertThat(browser.findElement(By.id("sensitive")).isSelected())
          .as("a need about safety is marked sensitive")
          .isTrue();

      browser.findElement(By.id("place")).sendKeys("福田");
      browser.findElement(By.id("place-go")).click();
      wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#places button"))).click();

      browser.findElement(By.id("find")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("map"), "data-state", "matched"));
      assertThat(browser.findElements(By.cssSelector("#matches li.match")))
          .extracting(e -> e.findElement(By.tagName("strong")).getText())
          .containsExactly("机构ri-dv");

      browser.findElement(By.id("post")).click();
      wait.until(ExpectedConditions.attributeToBe(By.id("case-card"), "data-status", "OFFERED"));
      String caseId = browser.findElement(By.id("case-id")).getText();
      assertThat(browser.findElement(By.id("posted")).getText())
          .as("the resident is told it went, and what happens next")
          .startsWith("已提交，正在为您联系服务者");
      JsonNode c = CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + caseId, null).json();
      assertThat(c.get("need").get("skills").toString()).isEqualTo("[\"DOMESTIC_VIOLENCE\"]");
      assertThat(c.get("need").get("sensitive").asBoolean()).isTrue();
      assertThat(c.get("offer").get("providerId").asText()).isEqualTo("ri-dv");
      // Times in Beijing time, whatever the device's zone (this browser's is UTC).
      String beijing =
          java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm")
              .format(
                  java.time.Instant.parse(c.get("createdAt").asText())
                      .atZone(java.time.ZoneId.of("Asia/Shanghai")));
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("my-cases"), beijing));
      Browsers.screenshot(browser, "resident-intake-phone");

      // A service chosen by hand stays chosen whatever is written next.
      new Select(browser.findElement(By.id("skill"))).selectByValue("LEGAL_AID");
      browser.findElement(By.id("description")).sendKeys("，还想问问离婚的事");
      Thread.sleep(1_500); // longer than the page's pause before it reads the text again
      assertThat(skill()).isEqualTo("LEGAL_AID");
    } finally {
      Browsers.printConsole(browser);
    }
  }
}
