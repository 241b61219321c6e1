package dev.slipway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away certificate for 127.0.0.1 and localhost, as the PEM files Slipway takes: made with the JDK's keytool. */
public record SelfSignedCert(Path cert, Path key) {
  private static final char[] PASSWORD = "slipway-test".toCharArray();

  public static SelfSignedCert create() {
    try {
      Path dir = Files.createTempDirectory("slipway-tls");
      Path store = dir.resolve("server.p12");
      Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "slipway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
          "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
          .redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new AssertionError("keytool could not make a certificate: " + output);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, PASSWORD);
      }
      Path cert = Files.writeString(dir.resolve("cert.pem"),
          pem("CERTIFICATE", keys.getCertificate("slipway").getEncoded()));
      Path key = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", keys.getKey("slipway", PASSWORD).getEncoded()));
      return new SelfSignedCert(cert, key);
    } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
      throw new AssertionError("could not make a test certificate: " + e, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
