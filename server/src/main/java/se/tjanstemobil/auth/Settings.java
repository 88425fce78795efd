package se.tjanstemobil.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import se.tjanstemobil.config.AppConfig;

/** auth.*: who issues the tokens the server accepts, and the dev issuer when it is enabled. */
public record Settings(
    String issuer,
    String audience,
    String employeeClaim,
    List<String> algorithms,
    int clockSkewSeconds,
    String jwksUrl,
    String jwksRootCert,
    Duration jwksCache,
    Duration jwksMinRefetch,
    boolean devLogin,
    Path devLoginKeyFile,
    int devLoginTokenTtlSeconds,
    Set<String> bootstrapAdmins) {

  /** The dev issuer's key file is resolved against {@code workDir}. */
  public static Settings from(AppConfig c, Path workDir) {
    return new Settings(
        c.string("auth.issuer"),
        c.string("auth.audience"),
        c.string("auth.employeeClaim"),
        c.list("auth.algorithms"),
        c.integer("auth.clockSkewSeconds"),
        c.string("auth.jwksUrl"),
        c.string("auth.jwksRootCert"),
        Duration.ofSeconds(c.integer("auth.jwksCacheSeconds")),
        Duration.ofSeconds(c.integer("auth.jwksMinRefetchSeconds")),
        c.bool("auth.devLogin.enabled"),
        workDir.resolve(c.string("auth.devLogin.keyFile")),
        c.integer("auth.devLogin.tokenTtlSeconds"),
        Set.copyOf(c.list("auth.bootstrapAdmins")));
  }
}
