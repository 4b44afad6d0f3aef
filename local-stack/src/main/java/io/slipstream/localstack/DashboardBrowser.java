package io.slipstream.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium pointed at Slipstream's dashboard, for the tests that check what a
 * user sees: the page's DOM after its scripts ran, the points each chart drew, a screenshot. Every
 * run has a fresh profile and no background networking (the machine's network is closed).
 */
public final class DashboardBrowser {
  /** Where {@code .ci/install-test-deps} installs it. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private static final Pattern CHART =
      Pattern.compile("data-chart=\"([^\"]+)\" data-points=\"(\\d+)\"");
  private static final long TIMEOUT_SECONDS = 90;

  private DashboardBrowser() {}

  /** Whether Chromium is installed. */
  public static boolean installed() {
    return Files.isExecutable(CHROMIUM);
  }

  /** The DOM of {@code url} once its fetches and rendering are done. */
  public static String dom(String url) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", url));
  }

  /** Saves a screenshot of {@code url} in a window of the given size to {@code file}. */
  public static void screenshot(String url, Path file, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file);
    run(
        List.of(
            "--screenshot=" + file.toAbsolutePath(), "--window-size=" + width + "," + height, url));
    if (!Files.exists(file)) {
      throw new IllegalStateException("chromium wrote no screenshot to " + file);
    }
  }

  /**
   * The number of values the dashboard drew in {@code chart} (its {@code data-points}).
   *
   * @throws IllegalArgumentException when the page has no such chart
   */
  public static int points(String dom, String chart) {
    Matcher matcher = CHART.matcher(dom);
    while (matcher.find()) {
      if (matcher.group(1).equals(chart)) {
        return Integer.parseInt(matcher.group(2));
      }
    }
    throw new IllegalArgumentException("no chart " + chart + " on the page");
  }

  private static String run(List<String> arguments) throws IOException, InterruptedException {
    Path profile = TempDirectories.create("slipstream-chromium");
    Path log = Files.createTempFile("slipstream-chromium", ".log");
    try {
      List<String> command = new ArrayList<>();
      command.add(CHROMIUM.toString());
      command.addAll(
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--disable-dev-shm-usage",
              "--no-first-run",
              "--user-data-dir=" + profile,
              // Lets the page's fetches and rendering finish before the DOM or screenshot is taken.
              "--virtual-time-budget=15000"));
      command.addAll(arguments);
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "chromium did not finish in " + TIMEOUT_SECONDS + " s; log: " + Files.readString(log));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "chromium exited with " + process.exitValue() + "; log: " + Files.readString(log));
      }
      return out;
    } finally {
      Files.deleteIfExists(log);
      TempDirectories.deleteRecursively(profile);
    }
  }
}
