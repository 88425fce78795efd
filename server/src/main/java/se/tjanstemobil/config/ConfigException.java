package se.tjanstemobil.config;

/** A configuration problem, naming the key so an operator knows what to fix. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String problem) {
    super("Configuration " + key + " " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
