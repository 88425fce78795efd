package se.tjanstemobil.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate authority of its own and a server certificate it signed for 127.0.0.1 and
 * localhost, made with the JDK's keytool (so nothing beyond the JDK is needed): for TLS between the
 * server and a PostgreSQL or an identity provider in tests. Files live under target/, never /tmp.
 */
public final class TestCertificates {

  public static final char[] PASSWORD = "changeit".toCharArray();

  /**
   * caPem: the CA certificate to trust; serverCertPem/serverKeyPem: the server's (PEM);
   * serverKeyStore: the same as PKCS12.
   */
  public record Issued(Path caPem, Path serverCertPem, Path serverKeyPem, Path serverKeyStore) {}

  private TestCertificates() {}

  /** Makes a fresh CA and a server certificate under target/certificates/{name}. */
  public static Issued create(String name) {
    try {
      Path dir = TestDatabase.targetDir().resolve("certificates").resolve(name);
      TestDatabase.deleteRecursively(dir);
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      Path server = dir.resolve("server.p12");
      keytool(
          dir,
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=Tjanstemobil Test CA " + name,
          "-ext",
          "bc:c",
          "-validity",
          "3",
          "-keystore",
          ca.toString());
      keytool(
          dir,
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          "-file",
          "ca.pem");
      keytool(
          dir,
          "-genkeypair",
          "-alias",
          "server",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=localhost",
          "-validity",
          "3",
          "-keystore",
          server.toString());
      keytool(
          dir,
          "-certreq",
          "-alias",
          "server",
          "-keystore",
          server.toString(),
          "-file",
          "server.csr");
      keytool(
          dir,
          "-gencert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          "-infile",
          "server.csr",
          "-outfile",
          "server.pem",
          "-ext",
          "san=ip:127.0.0.1,dns:localhost",
          "-ext",
          "ku=digitalSignature,keyEncipherment",
          "-ext",
          "eku=serverAuth",
          "-validity",
          "3");
      keytool(
          dir,
          "-importcert",
          "-noprompt",
          "-alias",
          "ca",
          "-file",
          "ca.pem",
          "-keystore",
          server.toString());
      keytool(
          dir,
          "-importcert",
          "-noprompt",
          "-alias",
          "server",
          "-file",
          "server.pem",
          "-keystore",
          server.toString());
      Path key = dir.resolve("server.key");
      Files.writeString(key, pem("PRIVATE KEY", privateKey(server).getEncoded()));
      // PostgreSQL refuses a key file others may read.
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      return new Issued(dir.resolve("ca.pem"), dir.resolve("server.pem"), key, server);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make test certificates", e);
    }
  }

  /** A key store holding the server's key and certificate chain (for an HTTPS server in a test). */
  public static KeyStore keyStore(Path p12) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  private static PrivateKey privateKey(Path p12) throws IOException, GeneralSecurityException {
    KeyStore store = keyStore(p12);
    return (PrivateKey) store.getKey("server", PASSWORD);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void keytool(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
