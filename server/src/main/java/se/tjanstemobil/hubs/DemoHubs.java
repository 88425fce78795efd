package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.availability.WeeklyPattern;

/**
 * The demo county's work hubs, one in each of its eight municipalities, with their details and
 * resources. Runs at every start of a demo server: the hubs are added or, while they have no
 * resources, completed (an older demo database gains them); resources are added only while there
 * are none at all, so what administrators changed since is left as they made it.
 */
public final class DemoHubs {

  private static final Logger log = LoggerFactory.getLogger(DemoHubs.class);

  private record Place(
      String externalId,
      String name,
      String municipality,
      String address,
      double lat,
      double lon,
      String ownerKind,
      String ownerName,
      String description,
      List<String> opening,
      int desks,
      int rooms,
      int booths) {}

  private static final List<String> OFFICE_HOURS = List.of("MONDAY-FRIDAY 07:00-18:00");
  private static final List<Place> PLACES =
      List.of(
          new Place(
              "HUB-BERG",
              "Arbetshubb Svenstavik",
              "Berg",
              "Kyrkvägen 21, 840 40 Svenstavik",
              62.7676,
              14.4346,
              "MUNICIPALITY",
              "Bergs kommun",
              "I kommunhuset, delas med kommunens medarbetare.",
              OFFICE_HOURS,
              6,
              1,
              1),
          new Place(
              "HUB-BRACKE",
              "Arbetshubb Bräcke",
              "Bräcke",
              "Storgatan 24, 843 31 Bräcke",
              62.7505,
              15.4194,
              "MUNICIPALITY",
              "Bräcke kommun",
              "Vid järnvägsstationen, nära tåget mot Östersund.",
              OFFICE_HOURS,
              6,
              1,
              1),
          new Place(
              "HUB-HARJEDALEN",
              "Arbetshubb Sveg",
              "Härjedalen",
              "Ljusnegatan 1, 842 32 Sveg",
              62.0347,
              14.3578,
              "REGION",
              "Region Jämtland Härjedalen",
              "På Svegs hälsocentral, plan 2.",
              OFFICE_HOURS,
              8,
              1,
              2),
          new Place(
              "HUB-KROKOM",
              "Arbetshubb Krokom",
              "Krokom",
              "Offerdalsvägen 8, 835 31 Krokom",
              63.3267,
              14.4553,
              "MUNICIPALITY",
              "Krokoms kommun",
              "I Krokoms kommunhus, delas med Försäkringskassan.",
              OFFICE_HOURS,
              10,
              2,
              2),
          new Place(
              "HUB-RAGUNDA",
              "Arbetshubb Hammarstrand",
              "Ragunda",
              "Centralgatan 13, 840 70 Hammarstrand",
              63.1060,
              16.3470,
              "MUNICIPALITY",
              "Ragunda kommun",
              "I Ragunda kommunhus.",
              OFFICE_HOURS,
              5,
              1,
              1),
          new Place(
              "HUB-STROMSUND",
              "Arbetshubb Strömsund",
              "Strömsund",
              "Lövbergavägen 2, 833 35 Strömsund",
              63.8517,
              15.5565,
              "REGION",
              "Region Jämtland Härjedalen",
              "På Strömsunds hälsocentral.",
              OFFICE_HOURS,
              8,
              1,
              2),
          new Place(
              "HUB-ARE",
              "Arbetshubb Järpen",
              "Åre",
              "Gamla vägen 7, 837 31 Järpen",
              63.3466,
              13.4765,
              "MUNICIPALITY",
              "Åre kommun",
              "I Åre kommuns kontor i Järpen.",
              OFFICE_HOURS,
              8,
              1,
              1),
          new Place(
              "HUB-OSTERSUND",
              "Arbetshubb Östersund",
              "Östersund",
              "Kyrkgatan 12, 831 34 Östersund",
              63.1792,
              14.6357,
              "REGION",
              "Region Jämtland Härjedalen",
              "Regionens hubb i centrum, fem minuter från Östersunds sjukhus.",
              List.of("MONDAY-FRIDAY 06:30-20:00", "SATURDAY 09:00-15:00"),
              24,
              4,
              4));

  private static final String UPSERT =
      """
    INSERT INTO hubs (external_id, name, municipality, address, latitude, longitude, owner_kind, owner_name, description, opening_hours)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (external_id) DO UPDATE SET address = excluded.address, latitude = excluded.latitude,
      longitude = excluded.longitude, owner_kind = excluded.owner_kind, owner_name = excluded.owner_name,
      description = excluded.description, opening_hours = excluded.opening_hours, updated_at = now()
    WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.hub_id = hubs.id)
    """;
  private static final String RESOURCES =
      """
    INSERT INTO resources (hub_id, kind, name, capacity, features)
    SELECT h.id, $2, $3, $4, $5 FROM hubs h WHERE h.external_id = $1
    ON CONFLICT (hub_id, name) DO NOTHING
    """;

  private final Pool pool;

  public DemoHubs(Pool pool) {
    this.pool = pool;
  }

  // A new database, or a demo one from before the hubs feature; never someone's real organisation.
  private static final String WANTED =
      """
    SELECT NOT EXISTS (SELECT 1 FROM employees) OR EXISTS (SELECT 1 FROM hubs WHERE external_id = 'HUB-OSTERSUND') AS wanted
    """;

  /** Adds the demo hubs (before the demo organisation, whose hub administrators need them). */
  public Future<Void> seed() {
    return pool.query(WANTED)
        .execute()
        .compose(
            rows ->
                rows.iterator().next().getBoolean("wanted") ? fill() : Future.succeededFuture());
  }

  private Future<Void> fill() {
    List<Tuple> hubs = new ArrayList<>();
    List<Tuple> resources = new ArrayList<>();
    for (Place p : PLACES) {
      JsonArray opening = WeeklyPattern.toJson(WeeklyPattern.fromConfig(p.opening()));
      hubs.add(
          Tuple.tuple()
              .addValue(p.externalId())
              .addValue(p.name())
              .addValue(p.municipality())
              .addValue(p.address())
              .addValue(p.lat())
              .addValue(p.lon())
              .addValue(p.ownerKind())
              .addValue(p.ownerName())
              .addValue(p.description())
              .addValue(opening));
      for (int i = 1; i <= p.desks(); i++) {
        // Every desk has a screen; every other one a docking station; the last two in the quiet
        // zone;
        // the first one is accessible (height-adjustable, wide access).
        List<String> features = new ArrayList<>(List.of("SCREEN"));
        if (i % 2 == 1) {
          features.add("DOCKING_STATION");
        }
        if (i > p.desks() - 2) {
          features.add("QUIET_ZONE");
        }
        if (i == 1) {
          features.add("ACCESSIBLE");
          features.add("HEIGHT_ADJUSTABLE");
        }
        resources.add(resource(p, "DESK", "Skrivbord " + i, 1, features));
      }
      String[] rooms = {"Storsjön", "Oviksfjällen", "Ljungan", "Indalsälven"};
      for (int i = 0; i < p.rooms(); i++) {
        resources.add(
            resource(
                p,
                "ROOM",
                "Mötesrum " + rooms[i],
                i == 0 ? 8 : 4,
                List.of("SCREEN", "VIDEO_CONFERENCE", "WHITEBOARD")));
      }
      for (int i = 1; i <= p.booths(); i++) {
        resources.add(resource(p, "PHONE_BOOTH", "Telefonbås " + i, 1, List.of("QUIET_ZONE")));
      }
    }
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(UPSERT)
                    .executeBatch(hubs)
                    .compose(v -> conn.query("SELECT count(*) AS n FROM resources").execute())
                    .compose(
                        count ->
                            count.iterator().next().getLong("n") > 0
                                ? Future.succeededFuture()
                                : conn.preparedQuery(RESOURCES)
                                    .executeBatch(resources)
                                    .map(
                                        v -> {
                                          log.info(
                                              "Demo hubs seeded: {} hubs, {} resources",
                                              hubs.size(),
                                              resources.size());
                                          return null;
                                        })))
        .mapEmpty();
  }

  private static Tuple resource(
      Place p, String kind, String name, int capacity, List<String> features) {
    return Tuple.of(p.externalId(), kind, name, capacity, features.toArray(new String[0]));
  }
}
