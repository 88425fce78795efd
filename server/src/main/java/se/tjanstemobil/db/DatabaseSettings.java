package se.tjanstemobil.db;

import java.nio.file.Path;
import se.tjanstemobil.config.AppConfig;

/**
 * database.*: an external PostgreSQL by URL, or (a blank URL) the embedded one in a data folder.
 */
public record DatabaseSettings(
    String url,
    Path embeddedDataDirectory,
    int embeddedPort,
    int poolSize,
    int connectTimeoutSeconds) {

  /** The data folder is resolved against {@code workDir} (the project root in tests). */
  public static DatabaseSettings from(AppConfig c, Path workDir) {
    return new DatabaseSettings(
        c.string("database.url"),
        workDir.resolve(c.string("database.embedded.dataDirectory")),
        c.integer("database.embedded.port"),
        c.integer("database.poolSize"),
        c.integer("database.connectTimeoutSeconds"));
  }

  public boolean embedded() {
    return url.isBlank();
  }
}
