package se.tjanstemobil.http;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the server may take traffic: migrations done, not shutting down. */
public final class Readiness {

  private final AtomicBoolean migrated = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  public void migrationsDone() {
    migrated.set(true);
  }

  public void stopping() {
    stopping.set(true);
  }

  public boolean migrated() {
    return migrated.get();
  }

  public boolean isStopping() {
    return stopping.get();
  }
}
