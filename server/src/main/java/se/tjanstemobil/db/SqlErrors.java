package se.tjanstemobil.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a failed statement means, by PostgreSQL's SQLSTATE: a unique violation (another row holds
 * the key), an exclusion violation (an overlapping range) or a deadlock. One place for the codes,
 * so that callers say what they mean instead of comparing strings.
 */
public final class SqlErrors {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String EXCLUSION_VIOLATION = "23P01";
  private static final String DEADLOCK = "40P01";

  private SqlErrors() {}

  public static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /** An exclusion constraint refused an overlap, or two overlapping writers deadlocked. */
  public static boolean isOverlap(Throwable e) {
    return e instanceof PgException pg
        && (EXCLUSION_VIOLATION.equals(pg.getSqlState()) || DEADLOCK.equals(pg.getSqlState()));
  }

  /**
   * A unique violation becomes what {@code instead} gives (usually a {@code Problem} to throw, or
   * the first request's answer to replay); any other failure stays as it was.
   */
  public static <T> Function<Throwable, Future<T>> onUniqueViolation(Supplier<Future<T>> instead) {
    return e -> isUniqueViolation(e) ? instead.get() : Future.failedFuture(e);
  }
}
