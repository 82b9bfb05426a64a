package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for page tests (Debian's {@code chromium} and {@code chromium-driver}; .ci/run
 * installs them).
 */
final class Browsers {
  private Browsers() {}

  /** A headless Chromium whose console is kept, or a failure that says what to install. */
  static WebDriver chromium() {
    File driver = new File(System.getProperty("linli.chromedriver", "/usr/bin/chromedriver"));
    File binary = new File(System.getProperty("linli.chromium", "/usr/bin/chromium"));
    assertThat(driver)
        .as("chromedriver: install Debian's chromium and chromium-driver (.ci/run does)")
        .exists();
    assertThat(binary).as("chromium: install Debian's chromium (.ci/run does)").exists();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(binary)
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--lang=zh-CN");
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    return new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
  }

  /**
   * A 30 s wait that tolerates elements replaced while it polls (the pages redraw their lists on
   * every event).
   */
  static org.openqa.selenium.support.ui.WebDriverWait waitFor(WebDriver browser) {
    return (org.openqa.selenium.support.ui.WebDriverWait)
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(30))
            .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
  static void screenshot(WebDriver browser, String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  /**
   * Loads {@code url} in a phone-sized window (390 × 844 CSS pixels) and checks that nothing runs
   * off the screen: no horizontal scrolling, and each of {@code ids} visible and inside the width.
   * Restores the window after.
   */
  static void assertFitsAPhone(
      WebDriver browser, String url, String readyId, String name, String... ids) throws Exception {
    org.openqa.selenium.Dimension before = browser.manage().window().getSize();
    try {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      browser.get("about:blank");
      browser.get(url);
      waitFor(browser)
          .until(
              org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(
                  org.openqa.selenium.By.id(readyId), "data-state", "ready"));
      org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
      long inner = (Long) js.executeScript("return window.innerWidth;");
      long scroll = (Long) js.executeScript("return document.documentElement.scrollWidth;");
      assertThat(scroll).as("no horizontal scrolling on a phone").isLessThanOrEqualTo(inner);
      for (String id : ids) {
        org.openqa.selenium.WebElement e = browser.findElement(org.openqa.selenium.By.id(id));
        assertThat(e.isDisplayed()).as(id + " visible on a phone").isTrue();
        assertThat(e.getRect().getX() + e.getRect().getWidth())
            .as(id + " inside the screen")
            .isLessThanOrEqualTo((int) inner);
      }
      screenshot(browser, name);
    } finally {
      browser.manage().window().setSize(before);
    }
  }

  /** Prints the browser console (for a failing run's report). */
  static void printConsole(WebDriver browser) {
    browser
        .manage()
        .logs()
        .get("browser")
        .forEach(l -> System.out.println("browser console: " + l));
  }
}
