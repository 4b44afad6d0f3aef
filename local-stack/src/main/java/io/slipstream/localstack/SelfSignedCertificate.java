package io.slipstream.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made with the JDK's
 * {@code keytool}: a PKCS12 keystore holding the key (for a TLS listener) and a PKCS12 truststore
 * holding only the certificate (for clients). For tests; valid for two days.
 *
 * @param keystore the key and certificate
 * @param truststore the certificate alone
 * @param password the password of both stores and of the key
 */
public record SelfSignedCertificate(Path keystore, Path truststore, String password) {
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  /**
   * Creates the two stores in {@code directory}.
   *
   * @throws IllegalStateException if keytool fails or takes over a minute
   */
  public static SelfSignedCertificate create(Path directory, String password) {
    Path keystore = directory.resolve("broker.p12");
    Path certificate = directory.resolve("broker.crt");
    Path truststore = directory.resolve("truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        password);
    return new SelfSignedCertificate(keystore, truststore, password);
  }

  private static void keytool(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + arguments[0] + " took over a minute");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool " + arguments[0] + " failed (" + process.exitValue() + "): " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
