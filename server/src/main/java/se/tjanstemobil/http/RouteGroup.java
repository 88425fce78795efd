package se.tjanstemobil.http;

import io.vertx.ext.web.openapi.router.RouterBuilder;

/** A feature's routes: it attaches its handlers to the contract's operations by operationId. */
public interface RouteGroup {
  void mount(RouterBuilder builder);
}
