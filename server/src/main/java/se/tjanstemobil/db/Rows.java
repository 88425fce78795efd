package se.tjanstemobil.db;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small readings of a query's rows that stores share. */
public final class Rows {

  private Rows() {}

  /** Every row as a record, in the query's order. */
  public static <T> List<T> all(Iterable<Row> rows, Function<Row, T> record) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(record.apply(r)));
    return out;
  }

  /** The first row as a record, or empty when the query found none. */
  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> record) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(record.apply(rows.iterator().next()));
  }
}
