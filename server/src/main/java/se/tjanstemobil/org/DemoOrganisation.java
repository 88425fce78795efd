package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo region for the dev profile: about 4,000 employees (the size of Region Jämtland
 * Härjedalen) in departments and units, with named people for each role so a person can log in as
 * each of them. Seeded through the same import an HR system uses, into an empty database.
 * Deterministic: the same names every time.
 */
public final class DemoOrganisation {

  private static final Logger log = LoggerFactory.getLogger(DemoOrganisation.class);
  private static final String DOMAIN = "regionjh.example";

  /** The people the README lists for dev login. */
  public record DemoPerson(
      String externalId, String name, String unitExternalId, String role, String scope) {}

  public static final List<DemoPerson> PEOPLE =
      List.of(
          new DemoPerson("demo.admin", "Anders Lindqvist", "RS-IT", "ADMIN", null),
          new DemoPerson("demo.hr", "Helena Berglund", "RS-HR", "HR", null),
          new DemoPerson("demo.communicator", "Karin Sjöberg", "RS-KOM", "COMMUNICATOR", null),
          new DemoPerson("demo.crisis", "Per Östlund", "RS-SAK", "CRISIS_LEAD", null),
          new DemoPerson("demo.department-head", "Margareta Holmgren", "HSF", "MANAGER", "HSF"),
          new DemoPerson("demo.manager", "Johan Nordin", "HSF-AKUT", "MANAGER", "HSF-AKUT"),
          new DemoPerson("demo.hubadmin", "Sara Englund", "RS-FAST", "HUB_ADMIN", "HUB-OSTERSUND"),
          new DemoPerson("demo.nurse", "Emma Jonsson", "HSF-AKUT", null, null),
          new DemoPerson("demo.employee", "Erik Persson", "RS-IT", null, null));

  // {externalId, name, parent, approximate members}
  private static final String[][] UNITS = {
    {"RJH", "Region Jämtland Härjedalen", null, "0"},
    {"HSF", "Hälso- och sjukvårdsförvaltningen", "RJH", "7"},
    {"HSF-AKUT", "Akutmottagningen Östersund", "HSF", "118"},
    {"HSF-MED1", "Medicinavdelning 1", "HSF", "87"},
    {"HSF-MED2", "Medicinavdelning 2", "HSF", "87"},
    {"HSF-MED3", "Medicinavdelning 3 (hjärtavdelning)", "HSF", "81"},
    {"HSF-KIR", "Kirurgavdelningen", "HSF", "99"},
    {"HSF-ORT", "Ortopedavdelningen", "HSF", "81"},
    {"HSF-IVA", "Intensivvårdsavdelningen", "HSF", "112"},
    {"HSF-OP", "Operation och anestesi", "HSF", "198"},
    {"HSF-KK", "Kvinnoklinik och förlossning", "HSF", "149"},
    {"HSF-BUM", "Barn- och ungdomsmedicin", "HSF", "105"},
    {"HSF-PSY", "Psykiatrisk vårdavdelning", "HSF", "136"},
    {"HSF-BUP", "Barn- och ungdomspsykiatri", "HSF", "74"},
    {"HSF-RTG", "Röntgenkliniken", "HSF", "118"},
    {"HSF-LAB", "Laboratoriemedicin", "HSF", "149"},
    {"HSF-ONK", "Onkologi och palliativ vård", "HSF", "87"},
    {"HSF-INF", "Infektionsavdelningen", "HSF", "68"},
    {"HSF-REH", "Rehabilitering", "HSF", "99"},
    {"HSF-AMB", "Ambulanssjukvården", "HSF", "25"},
    {"HSF-AMB-OSD", "Ambulansstation Östersund", "HSF-AMB", "74"},
    {"HSF-AMB-ARE", "Ambulansstation Åre", "HSF-AMB", "31"},
    {"HSF-AMB-SVG", "Ambulansstation Sveg", "HSF-AMB", "27"},
    {"HSF-AMB-STR", "Ambulansstation Strömsund", "HSF-AMB", "27"},
    {"HSF-PV", "Primärvården", "HSF", "19"},
    {"HSF-VC-BERG", "Hälsocentralen Svenstavik", "HSF-PV", "37"},
    {"HSF-VC-BRACKE", "Hälsocentralen Bräcke", "HSF-PV", "35"},
    {"HSF-VC-SVEG", "Hälsocentralen Sveg", "HSF-PV", "43"},
    {"HSF-VC-FUNASDALEN", "Hälsocentralen Funäsdalen", "HSF-PV", "25"},
    {"HSF-VC-KROKOM", "Hälsocentralen Krokom", "HSF-PV", "47"},
    {"HSF-VC-HAMMARSTRAND", "Hälsocentralen Hammarstrand", "HSF-PV", "31"},
    {"HSF-VC-STROMSUND", "Hälsocentralen Strömsund", "HSF-PV", "45"},
    {"HSF-VC-HOTING", "Hälsocentralen Hoting", "HSF-PV", "22"},
    {"HSF-VC-JARPEN", "Hälsocentralen Järpen", "HSF-PV", "37"},
    {"HSF-VC-ARE", "Hälsocentralen Åre", "HSF-PV", "32"},
    {"HSF-VC-LUGNVIK", "Hälsocentralen Lugnvik", "HSF-PV", "50"},
    {"HSF-VC-ZGRAND", "Hälsocentralen Z-gränd", "HSF-PV", "52"},
    {"HSF-VC-ODENSLUND", "Hälsocentralen Odenslund", "HSF-PV", "50"},
    {"HSF-VC-BRUNFLO", "Hälsocentralen Brunflo", "HSF-PV", "40"},
    {"HSF-VC-FROSON", "Hälsocentralen Frösön", "HSF-PV", "47"},
    {"HSF-1177", "1177 Vårdguiden på telefon", "HSF-PV", "68"},
    {"TVF", "Tandvårdsförvaltningen", "RJH", "10"},
    {"TVF-OSD", "Folktandvården Östersund", "TVF", "112"},
    {"TVF-KROKOM", "Folktandvården Krokom", "TVF", "31"},
    {"TVF-STROMSUND", "Folktandvården Strömsund", "TVF", "27"},
    {"TVF-SVEG", "Folktandvården Sveg", "TVF", "22"},
    {"TVF-JARPEN", "Folktandvården Järpen", "TVF", "25"},
    {"TVF-SPEC", "Specialisttandvården", "TVF", "56"},
    {"RUF", "Regionala utvecklingsförvaltningen", "RJH", "12"},
    {"RUF-KULTUR", "Kultur och bildning", "RUF", "74"},
    {"RUF-TRAFIK", "Kollektivtrafik", "RUF", "50"},
    {"RUF-NARING", "Näringsliv och samhällsutveckling", "RUF", "43"},
    {"RS", "Regionstaben", "RJH", "7"},
    {"RS-HR", "HR-avdelningen", "RS", "68"},
    {"RS-KOM", "Kommunikationsavdelningen", "RS", "31"},
    {"RS-EKO", "Ekonomiavdelningen", "RS", "56"},
    {"RS-IT", "Digitalisering och IT", "RS", "186"},
    {"RS-SAK", "Säkerhet och beredskap", "RS", "19"},
    {"RS-FAST", "Fastighet och service", "RS", "161"},
    {"RS-MTK", "Medicinsk teknik", "RS", "56"},
    {"RS-KOST", "Kost och restaurang", "RS", "118"},
    {"RS-STAD", "Lokalvård", "RS", "105"},
  };

  private static final String[] WOMEN = {
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kristina",
    "Emma",
    "Kerstin",
    "Ingrid",
    "Malin",
    "Jenny",
    "Linda",
    "Elin",
    "Hanna",
    "Sofia",
    "Ida",
    "Johanna",
    "Camilla",
    "Annika",
    "Helena",
    "Susanne",
    "Åsa",
    "Therese",
    "Frida",
    "Matilda",
    "Josefin",
    "Ebba",
    "Maja",
    "Linnea",
    "Agneta",
    "Birgitta",
    "Ulla",
    "Margareta",
    "Cecilia",
    "Marie",
    "Elisabeth",
    "Louise",
    "Amanda",
    "Lisa",
    "Julia",
    "Moa",
    "Wilma",
    "Alva",
    "Elsa",
    "Petra",
    "Anneli",
    "Monica",
    "Gunilla",
    "Katarina"
  };
  private static final String[] MEN = {
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Erik",
    "Karl",
    "Peter",
    "Mikael",
    "Jan",
    "Hans",
    "Daniel",
    "Fredrik",
    "Mattias",
    "Magnus",
    "Andreas",
    "Stefan",
    "Jonas",
    "Martin",
    "Niklas",
    "Henrik",
    "Tobias",
    "Marcus",
    "Björn",
    "Olof",
    "Gustav",
    "Oskar",
    "Viktor",
    "Emil",
    "Axel",
    "Filip",
    "Linus",
    "Joakim",
    "Patrik",
    "Christer",
    "Göran",
    "Leif",
    "Bengt",
    "Ulf",
    "Sven",
    "Håkan",
    "Robin",
    "Simon",
    "Jesper",
    "Sebastian",
    "Anton",
    "Isak",
    "Hugo",
    "Ali",
    "Mohammed",
    "Ahmad"
  };
  private static final String[] SURNAMES = {
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Eklund",
    "Danielsson",
    "Lundin",
    "Håkansson",
    "Björk",
    "Bergman",
    "Gunnarsson",
    "Holm",
    "Wikström",
    "Samuelsson",
    "Isaksson",
    "Fransson",
    "Bergqvist",
    "Nyström",
    "Holmberg",
    "Arvidsson",
    "Löfgren",
    "Söderberg",
    "Nyberg",
    "Blomqvist",
    "Claesson",
    "Nordström",
    "Mårtensson",
    "Lundström",
    "Viklund",
    "Björklund",
    "Eliasson",
    "Pålsson",
    "Berggren",
    "Sandström",
    "Lund",
    "Nordin",
    "Ström",
    "Åberg",
    "Hermansson",
    "Ekström",
    "Holmgren",
    "Sundberg",
    "Hedlund",
    "Dahlberg",
    "Hellström",
    "Sjögren",
    "Abrahamsson",
    "Falk",
    "Öberg",
    "Englund",
    "Östlund",
    "Jämtberg",
    "Frösell",
    "Storsjö",
    "Rehnström"
  };

  private final Pool pool;
  private final OrgImport importer;

  DemoOrganisation(Pool pool, OrgImport importer) {
    this.pool = pool;
    this.importer = importer;
  }

  /** Seeds the demo region when the database has no employees yet; otherwise does nothing. */
  public Future<Boolean> seedIfEmpty() {
    return pool.query("SELECT EXISTS (SELECT 1 FROM employees) AS any")
        .execute()
        .compose(
            rows -> {
              if (rows.iterator().next().getBoolean("any")) {
                return Future.succeededFuture(false);
              }
              log.info("Empty database: seeding the demo region");
              // The demo hubs (hubs.DemoHubs) are seeded before, for the hub administrators'
              // grants.
              return importer
                  .run(file(), null)
                  .map(
                      result -> {
                        log.info(
                            "Demo region seeded: {}", result.getJsonObject("employees").encode());
                        return true;
                      });
            });
  }

  /** The demo region as an HR-system export. */
  public static JsonObject file() {
    Random random = new Random(20261122L);
    JsonArray units = new JsonArray();
    JsonArray employees = new JsonArray();
    JsonArray grants = new JsonArray();
    Set<String> emails = new HashSet<>();
    Set<String> demoUnitsWithManager = new HashSet<>();
    for (DemoPerson p : PEOPLE) {
      if ("MANAGER".equals(p.role())) {
        demoUnitsWithManager.add(p.scope());
      }
    }
    int serial = 1;
    for (String[] u : UNITS) {
      units.add(
          new JsonObject().put("externalId", u[0]).put("name", u[1]).put("parentExternalId", u[2]));
      int members = Integer.parseInt(u[3]);
      for (int i = 0; i < members; i++) {
        boolean woman = random.nextInt(100) < 72; // healthcare staff in Sweden are mostly women
        String first =
            woman ? WOMEN[random.nextInt(WOMEN.length)] : MEN[random.nextInt(MEN.length)];
        String last = SURNAMES[random.nextInt(SURNAMES.length)];
        String ext = String.format("SE2321000207-E%05d", serial++);
        employees.add(
            employee(ext, first + " " + last, u[0], emails, random.nextInt(100) < 4 ? "en" : "sv"));
        if (i == 0 && !demoUnitsWithManager.contains(u[0])) {
          // The first member of each unit manages it.
          grants.add(
              new JsonObject()
                  .put("employeeExternalId", ext)
                  .put("role", "MANAGER")
                  .put("unitExternalId", u[0]));
        }
      }
    }
    for (DemoPerson p : PEOPLE) {
      employees.add(employee(p.externalId(), p.name(), p.unitExternalId(), emails, "sv"));
      if (p.role() != null) {
        JsonObject grant =
            new JsonObject().put("employeeExternalId", p.externalId()).put("role", p.role());
        if ("MANAGER".equals(p.role())) {
          grant.put("unitExternalId", p.scope());
        } else if ("HUB_ADMIN".equals(p.role())) {
          grant.put("hubExternalId", p.scope());
        }
        grants.add(grant);
      }
    }
    return new JsonObject()
        .put("units", units)
        .put("employees", employees)
        .put("roleGrants", grants);
  }

  private static JsonObject employee(
      String ext, String name, String unit, Set<String> emails, String locale) {
    String base = ascii(name.toLowerCase(Locale.ROOT).replace(' ', '.'));
    String email = base + "@" + DOMAIN;
    for (int n = 2; !emails.add(email); n++) {
      email = base + n + "@" + DOMAIN;
    }
    return new JsonObject()
        .put("externalId", ext)
        .put("name", name)
        .put("email", email)
        .put("unitExternalId", unit)
        .put("locale", locale)
        .put("timeZone", "Europe/Stockholm")
        .put("status", "ACTIVE");
  }

  private static String ascii(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }
}
