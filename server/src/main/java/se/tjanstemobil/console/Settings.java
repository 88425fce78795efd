package se.tjanstemobil.console;

import se.tjanstemobil.config.AppConfig;

/**
 * The console's sign-in settings: whether dev login is offered (auth.devLogin.enabled) and the
 * identity provider for the authorization code flow (console.oidc.*).
 */
public record Settings(boolean devLogin, ConsoleRoutes.Oidc oidc) {

  public static Settings from(AppConfig c) {
    return new Settings(
        c.bool("auth.devLogin.enabled"),
        new ConsoleRoutes.Oidc(
            c.string("console.oidc.authorizationEndpoint"),
            c.string("console.oidc.tokenEndpoint"),
            c.string("console.oidc.clientId"),
            c.string("console.oidc.scope")));
  }
}
