package se.tjanstemobil.events;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;

/** GET /me/events: the employee's server-sent event stream. */
public final class EventRoutes {

  private final EventHub hub;

  public EventRoutes(EventHub hub) {
    this.hub = hub;
  }

  public void mount(RouterBuilder builder) {
    builder
        .getRoute("streamMyEvents")
        .addHandler(
            rc -> {
              Principal me = AuthHandler.principal(rc);
              hub.open(me.id(), rc);
            });
  }
}
