package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * The outbox's enums name exactly what the deliveries table's CHECK constraints allow: a migration
 * that adds a status or a kind the code does not know fails here, not in production.
 */
class OutboxStatusesTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("outbox_statuses");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void deliveryStatusesMatchTheCheckConstraint() {
    assertEquals(allowed("deliveries_status_check"), names(DeliveryStatus.values()));
  }

  @Test
  void deliveryKindsMatchTheCheckConstraint() {
    assertEquals(allowed("deliveries_kind_check"), names(DeliveryKind.values()));
  }

  private static Set<String> names(Enum<?>[] values) {
    Set<String> names = new TreeSet<>();
    Arrays.stream(values).forEach(v -> names.add(v.name()));
    return names;
  }

  /** The quoted values of a CHECK (column IN (...)) constraint, as PostgreSQL shows it. */
  private static Set<String> allowed(String constraint) {
    String sql =
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = '"
            + constraint
            + "' AND conrelid = 'deliveries'::regclass";
    try (var c = TestDatabase.jdbc(server.databaseUrl());
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      Set<String> values = new TreeSet<>();
      Matcher m = Pattern.compile("'([A-Z_]+)'").matcher(rs.getString(1));
      while (m.find()) {
        values.add(m.group(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
