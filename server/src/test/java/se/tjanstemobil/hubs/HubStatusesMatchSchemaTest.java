package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.TestServer;

/**
 * The booking and waitlist statuses the code knows are the ones the tables' CHECK constraints
 * allow: a migration that adds a status fails here until the enum has it (and the other way round).
 */
class HubStatusesMatchSchemaTest {

  private static final String DEFINITION =
      "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = $1";

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("hub_statuses");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void bookingStatusesAreTheCheckConstraints() {
    assertEquals(allowed("bookings_status_check"), names(BookingStatus.values()));
  }

  @Test
  void waitlistStatusesAreTheCheckConstraints() {
    assertEquals(allowed("waitlist_status_check"), names(WaitlistStatus.values()));
  }

  /**
   * The quoted values of the constraint's definition, e.g. CHECK (status = ANY (ARRAY['A'::text,
   * ...])).
   */
  private static Set<String> allowed(String constraint) {
    Row row =
        TestServer.await(
                server.app().pool().preparedQuery(DEFINITION).execute(Tuple.of(constraint)))
            .iterator()
            .next();
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("'([A-Z_]+)'").matcher(row.getString(0));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Set<String> names(Enum<?>[] values) {
    Set<String> out = new TreeSet<>();
    Arrays.stream(values).forEach(v -> out.add(v.name()));
    return out;
  }
}
