package se.tjanstemobil.console;

import se.tjanstemobil.config.AppConfig;

/**
 * The console's sign-in settings: whether dev login is offered (auth.devLogin.enabled) and the
 * identity provider for the authorization code flow (console.oidc.*); and the organisation's zone
 * and language (organisation.defaultTimeZone, organisation.defaultLocale), which it shows times and
 * texts in before anything else is known.
 */
public record Settings(
    boolean devLogin, ConsoleRoutes.Oidc oidc, String organisationZone, String organisationLocale) {

  public static Settings from(AppConfig c) {
    return new Settings(
        c.bool("auth.devLogin.enabled"),
        new ConsoleRoutes.Oidc(
            c.string("console.oidc.authorizationEndpoint"),
            c.string("console.oidc.tokenEndpoint"),
            c.string("console.oidc.clientId"),
            c.string("console.oidc.scope")),
        c.string("organisation.defaultTimeZone"),
        c.string("organisation.defaultLocale"));
  }
}
