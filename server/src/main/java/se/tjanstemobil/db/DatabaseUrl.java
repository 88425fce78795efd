package se.tjanstemobil.db;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One database address, in the two forms the server needs: Vert.x connect options and JDBC
 * (Flyway). TLS is asked for as libpq does, in the URL: {@code sslmode=} (disable, allow, prefer,
 * require, verify-ca, verify-full) and {@code sslrootcert=} (a PEM file of the CA certificates to
 * trust). As in libpq, allow, prefer and require encrypt without checking the server's certificate
 * unless a root certificate is given; verify-ca checks it against the root certificate, verify-full
 * also checks that it names the host. Both forms get the same settings.
 */
public record DatabaseUrl(PgConnectOptions options, String sslMode, String sslRootCert) {

  public static DatabaseUrl parse(String url) {
    String normalised =
        url.startsWith("postgres://")
            ? "postgresql://" + url.substring("postgres://".length())
            : url;
    int q = normalised.indexOf('?');
    String sslMode = null;
    String sslRootCert = null;
    List<String> rest = new ArrayList<>();
    if (q >= 0) {
      for (String pair : normalised.substring(q + 1).split("&", -1)) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        switch (name) {
          case "sslmode" -> sslMode = value;
          case "sslrootcert" -> sslRootCert = value;
          default -> {
            if (name.startsWith("ssl")) {
              // PostgreSQL would refuse the connection over an unknown startup parameter: say so at
              // start.
              throw new IllegalArgumentException(
                  name + " is not supported (only sslmode and sslrootcert)");
            }
            if (!pair.isEmpty()) {
              rest.add(pair);
            }
          }
        }
      }
      normalised =
          normalised.substring(0, q) + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
    }
    PgConnectOptions options = PgConnectOptions.fromUri(normalised);
    if (sslMode != null) {
      SslMode mode;
      try {
        mode = SslMode.of(sslMode);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "sslmode must be disable, allow, prefer, require, verify-ca or verify-full, was '"
                + sslMode
                + "'");
      }
      options.setSslMode(mode).setSslOptions(tls(mode, sslRootCert));
    } else if (sslRootCert != null) {
      throw new IllegalArgumentException(
          "sslrootcert needs an sslmode (verify-full checks the certificate and the host)");
    }
    return new DatabaseUrl(options, sslMode, sslRootCert);
  }

  private static ClientSSLOptions tls(SslMode mode, String rootCert) {
    ClientSSLOptions tls =
        new ClientSSLOptions()
            .setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    if (rootCert != null) {
      return tls.setTrustOptions(new PemTrustOptions().addCertPath(rootCert));
    }
    if (mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL) {
      throw new IllegalArgumentException(
          "sslmode="
              + mode.value
              + " needs sslrootcert=<PEM file of the CA certificates to trust>");
    }
    return tls.setTrustAll(true);
  }

  public String jdbcUrl() {
    String base =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    if (sslMode == null) {
      return base;
    }
    return base
        + "?sslmode="
        + URLEncoder.encode(sslMode, StandardCharsets.UTF_8)
        + (sslRootCert == null
            ? ""
            : "&sslrootcert=" + URLEncoder.encode(sslRootCert, StandardCharsets.UTF_8));
  }

  public String user() {
    return options.getUser();
  }

  public String password() {
    return options.getPassword() == null ? "" : options.getPassword();
  }
}
