// Who is signed in, in which language, and what the pages share. The token lives here, in memory
// only: a reload signs out.

const stored = localStorage.getItem('tjm.lang');

export const session = {
  token: null,
  me: null,
  config: null,
  /** The console's language: the person's choice on this browser, Swedish by default. */
  lang: stored === 'en' ? 'en' : 'sv',
  /** The declared crisis, for those who may read it (ADMIN, CRISIS_LEAD); null otherwise. */
  crisis: null,
  flash: null,
};

/** Draws the current page again (after a change it made). */
export function reload() {
  window.dispatchEvent(new Event('tjm:reload'));
}

/** Goes to a page of the console (a reload would sign out: the token is only in memory). */
export function go(hash) {
  if (location.hash === hash) reload();
  else location.hash = hash;
}

export function setLang(lang) {
  session.lang = lang;
  localStorage.setItem('tjm.lang', lang);
}

export function roles() {
  return new Set((session.me?.roles || []).map((r) => r.role));
}

export function hasRole(...wanted) {
  const mine = roles();
  return wanted.some((r) => mine.has(r));
}

export function scopes(role) {
  return (session.me?.roles || []).filter((r) => r.role === role);
}

/**
 * The zone times are read and written in: the signed-in person's (the organisation's default,
 * Europe/Stockholm, unless the HR system says otherwise), never the browser's.
 */
export function zone() {
  return session.me?.timeZone || 'Europe/Stockholm';
}
