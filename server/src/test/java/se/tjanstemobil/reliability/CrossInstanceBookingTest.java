package se.tjanstemobil.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Booking contention across instances: three servers on one database, as behind a load balancer,
 * each taking a third of sixty people asking for the same two desks at the same hour. The database
 * is the guard, whatever instance a request reaches: exactly two bookings, no overlap.
 */
class CrossInstanceBookingTest {

  private static final int PEOPLE = 60;

  private static TestServer first;
  private static TestServer second;
  private static TestServer third;

  @BeforeAll
  static void start() {
    first = TestServer.start("cross_instance");
    JsonObject org = Orgs.small();
    for (int i = 0; i < PEOPLE; i++) {
      org.getJsonArray("employees").add(Orgs.employee("p-" + i, "Person " + i, "WARD-A"));
    }
    first.importOrganisation(org);
    second = TestServer.start("cross_instance_b", Map.of("database.url", first.databaseUrl()));
    third = TestServer.start("cross_instance_c", Map.of("database.url", first.databaseUrl()));
  }

  @AfterAll
  static void stop() {
    third.close();
    second.close();
    first.close();
  }

  @Test
  void twoDesksSixtyPeopleThreeInstancesTwoBookings() throws Exception {
    Api admin = first.as("admin");
    String hub =
        HubFixture.hub(admin, "Arbetshubb Kluster", HubFixture.alwaysOpen(), null).getString("id");
    List<String> desks =
        List.of(
            HubFixture.resource(admin, hub, "DESK", "Skrivbord 1"),
            HubFixture.resource(admin, hub, "DESK", "Skrivbord 2"));
    LocalDate day = LocalDate.now(HubFixture.STOCKHOLM).plusDays(3);
    List<TestServer> instances = List.of(first, second, third);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      Api who = instances.get(i % 3).as("p-" + i);
      String desk = desks.get(i % 2);
      calls.add(
          () ->
              HubFixture.book(who, desk, HubFixture.at(day, 9, 0), HubFixture.at(day, 11, 0))
                  .status());
    }
    ExecutorService pool = Executors.newFixedThreadPool(PEOPLE);
    try {
      int created = 0;
      int conflicts = 0;
      for (Future<Integer> f : pool.invokeAll(calls)) {
        if (f.get() == 201) {
          created++;
        } else if (f.get() == 409) {
          conflicts++;
        }
      }
      assertEquals(2, created);
      assertEquals(PEOPLE - 2, conflicts);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, first.count("SELECT count(*) FROM bookings WHERE status = 'BOOKED'"));
    assertEquals(
        0,
        first.count(
            "SELECT count(*) FROM bookings a JOIN bookings b ON a.resource_id = b.resource_id AND a.id < b.id "
                + "AND a.period && b.period AND a.status = 'BOOKED' AND b.status = 'BOOKED'"));
  }
}
