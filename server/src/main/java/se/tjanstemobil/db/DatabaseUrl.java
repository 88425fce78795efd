package se.tjanstemobil.db;

import io.vertx.pgclient.PgConnectOptions;

/** One database address, in the two forms the server needs: Vert.x connect options and JDBC (Flyway). */
public record DatabaseUrl(PgConnectOptions options) {

  public static DatabaseUrl parse(String url) {
    String normalised = url.startsWith("postgres://") ? "postgresql://" + url.substring("postgres://".length()) : url;
    return new DatabaseUrl(PgConnectOptions.fromUri(normalised));
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  public String user() {
    return options.getUser();
  }

  public String password() {
    return options.getPassword() == null ? "" : options.getPassword();
  }
}
