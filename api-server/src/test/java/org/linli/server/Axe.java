package org.linli.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** axe-core's WCAG 2.1 A and AA rules, run in the page a browser test shows. */
final class Axe {
  private static final Path SCRIPT =
      Path.of("src", "test", "axe", "node_modules", "axe-core", "axe.min.js");

  private Axe() {}

  /**
   * The serious and critical WCAG 2.1 A/AA violations of the page {@code browser} shows, each as
   * "rule: help — first elements"; the test is skipped, saying how to install axe-core, when it is
   * not installed.
   */
  @SuppressWarnings("unchecked")
  static List<String> seriousViolations(WebDriver browser) throws Exception {
    NpmTools.require("axe-core", "src/test/axe", SCRIPT);
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript(Files.readString(SCRIPT));
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return (List<String>)
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag',"
                + " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then(r => done(r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ': ' + v.help + ' — '"
                + " + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
  }
}
