package io.slipstream.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unpacked Apicurio Registry distribution ({@code apicurio-registry-app-<version>-runner.jar}
 * plus {@code lib/}), found on disk.
 *
 * <p>Where it is looked for, first match wins:
 *
 * <ol>
 *   <li>the directory in system property {@value #HOME_PROPERTY} (the build passes {@code
 *       local-stack/target/apicurio} to every test JVM);
 *   <li>the directory in environment variable {@value #HOME_ENV};
 *   <li>a copy unpacked earlier into {@code ~/.cache/slipstream/apicurio-registry-app-<version>};
 *   <li>the {@code -all.tar.gz} in the local Maven repository ({@code maven.repo.local} or {@code
 *       ~/.m2/repository}), unpacked into that cache directory.
 * </ol>
 */
public final class ApicurioDistribution {

  /** System property naming an unpacked distribution directory. */
  public static final String HOME_PROPERTY = "slipstream.apicurio.home";

  /** Environment variable naming an unpacked distribution directory. */
  public static final String HOME_ENV = "SLIPSTREAM_APICURIO_HOME";

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);
  private static final String RUNNER_SUFFIX = "-runner.jar";

  private final Path home;
  private final Path runnerJar;

  private ApicurioDistribution(Path home, Path runnerJar) {
    this.home = home;
    this.runnerJar = runnerJar;
  }

  /**
   * Finds the distribution in the places listed in the class comment, unpacking the archive from
   * the local Maven repository if that is the first place that has it.
   *
   * @throws IllegalStateException naming every place tried, if none has it
   */
  public static ApicurioDistribution locate() {
    String userHome = System.getProperty("user.home");
    Path mavenRepository =
        Optional.ofNullable(System.getProperty("maven.repo.local"))
            .map(Path::of)
            .orElse(Path.of(userHome, ".m2", "repository"));
    return locate(
        System.getProperty(HOME_PROPERTY),
        System.getenv(),
        mavenRepository,
        Path.of(userHome, ".cache", "slipstream"));
  }

  /**
   * Finds the distribution given explicit inputs; {@link #locate()} passes the real ones.
   *
   * @param homeProperty value of {@value #HOME_PROPERTY}, or {@code null}
   * @param environment the process environment, read for {@value #HOME_ENV}
   * @param mavenRepository root of the local Maven repository
   * @param cacheRoot where an archive from the Maven repository is unpacked to
   * @throws IllegalStateException naming every place tried, if none has it
   */
  static ApicurioDistribution locate(
      String homeProperty, Map<String, String> environment, Path mavenRepository, Path cacheRoot) {
    List<String> tried = new ArrayList<>();
    for (Candidate candidate :
        List.of(
            new Candidate("system property " + HOME_PROPERTY, homeProperty),
            new Candidate("environment variable " + HOME_ENV, environment.get(HOME_ENV)))) {
      if (candidate.directory() == null || candidate.directory().isBlank()) {
        tried.add(candidate.source() + " (not set)");
        continue;
      }
      Path directory = Path.of(candidate.directory());
      Optional<Path> jar = findRunnerJar(directory);
      if (jar.isPresent()) {
        return new ApicurioDistribution(directory, jar.get());
      }
      tried.add(candidate.source() + " = " + directory + " (no *" + RUNNER_SUFFIX + " there)");
    }

    String version = bundledVersion();
    String artifact = "apicurio-registry-app-" + version;
    Path archive =
        mavenRepository.resolve(
            Path.of("io", "apicurio", "apicurio-registry-app", version, artifact + "-all.tar.gz"));
    Path unpacked = cacheRoot.resolve(artifact);
    Optional<Path> cached = findRunnerJar(unpacked);
    if (cached.isEmpty() && Files.isRegularFile(archive)) {
      unpackOnce(archive, unpacked);
      cached = findRunnerJar(unpacked);
    }
    if (cached.isPresent()) {
      return new ApicurioDistribution(unpacked, cached.get());
    }
    tried.add(unpacked + " (not unpacked yet)");
    tried.add(
        archive
            + (Files.isRegularFile(archive)
                ? " (no *" + RUNNER_SUFFIX + " inside)"
                : " (no such file)"));
    throw new IllegalStateException(
        "Apicurio Registry "
            + version
            + " not found. Build the local-stack module (it unpacks the registry into"
            + " local-stack/target/apicurio) or point "
            + HOME_PROPERTY
            + " / "
            + HOME_ENV
            + " at an unpacked distribution. Tried: "
            + String.join("; ", tried));
  }

  /** Returns the directory holding the runner jar and {@code lib/}. */
  public Path home() {
    return home;
  }

  /** Returns the runnable Quarkus jar; its manifest puts {@code lib/*} on the class path. */
  public Path runnerJar() {
    return runnerJar;
  }

  /** A place that may name a distribution directory, described for the error message. */
  private record Candidate(String source, String directory) {}

  private static Optional<Path> findRunnerJar(Path directory) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(RUNNER_SUFFIX))
          .filter(Files::isRegularFile)
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + directory, e);
    }
  }

  /**
   * Unpacks into a sibling temporary directory and renames it into place, so a concurrent test JVM
   * never sees a half-unpacked distribution; the loser of a race uses the winner's copy.
   */
  private static void unpackOnce(Path archive, Path target) {
    try {
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp");
      LOG.info("Unpacking {} into {}", archive, target);
      TarGzArchive.unpack(archive, staging);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another JVM renamed its copy into place first (the rename fails on a non-empty target).
        if (findRunnerJar(target).isEmpty()) {
          throw e;
        }
        LOG.debug("{} appeared meanwhile; using it", target, e);
        TempDirectories.deleteRecursively(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack " + archive + " into " + target, e);
    }
  }

  /** Reads the Apicurio version the build filtered into this module's resources. */
  private static String bundledVersion() {
    String resource = "local-stack.properties";
    try (InputStream in = ApicurioDistribution.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource + " next to this class");
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("apicurio.version");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + resource, e);
    }
  }
}
