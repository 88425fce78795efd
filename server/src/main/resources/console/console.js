// The Tjänstemobil web console: a client of the public API and nothing else. Native ES modules,
// no build step, nothing from a CDN, no innerHTML. This module draws the frame (menu, language,
// the crisis banner) and routes the address to a page module; each page returns its nodes and
// the router shows them, or the problem when the page could not be loaded.

import { api, whenTokenRefused } from './api.js';
import { h, problemBox } from './dom.js';
import { t, label, missingTexts, loadTexts } from './i18n.js';
import { session, roles, hasRole, setLang } from './session.js';
import { when } from './time.js';
import * as signInPage from './page-sign-in.js';
import * as home from './page-home.js';
import * as compose from './page-compose.js';
import * as sent from './page-sent.js';
import * as agreements from './page-agreements.js';
import * as hubs from './page-hubs.js';
import * as hr from './page-hr.js';
import * as adminImport from './page-import.js';
import * as devices from './page-devices.js';
import * as audit from './page-audit.js';
import * as crisis from './page-crisis.js';

const SENDERS = ['MANAGER', 'COMMUNICATOR', 'CRISIS_LEAD', 'HUB_ADMIN'];

/** Each page: its address, its menu label, the roles it is for, and its module. */
export const PAGES = [
  { path: 'compose', key: 'navCompose', roles: SENDERS, page: compose },
  { path: 'sent', key: 'navSent', roles: SENDERS, page: sent },
  { path: 'agreements', key: 'navAgreements', roles: ['MANAGER'], page: agreements },
  { path: 'hubs', key: 'navHubs', roles: ['HUB_ADMIN', 'ADMIN'], page: hubs },
  { path: 'hr', key: 'navHr', roles: ['HR', 'ADMIN'], page: hr },
  { path: 'admin/import', key: 'navImport', roles: ['ADMIN'], page: adminImport },
  { path: 'admin/devices', key: 'navDevices', roles: ['ADMIN'], page: devices },
  { path: 'admin/audit', key: 'navAudit', roles: ['ADMIN'], page: audit },
  { path: 'crisis', key: 'navCrisis', roles: ['ADMIN', 'CRISIS_LEAD'], page: crisis },
];

const main = document.getElementById('main');
let drawing = 0;

export function offered() {
  return PAGES.filter((p) => hasRole(...p.roles));
}

function frame() {
  document.documentElement.lang = session.lang;
  const lang = document.getElementById('lang');
  lang.textContent = t('otherLanguage');
  lang.setAttribute('lang', session.lang === 'sv' ? 'en' : 'sv');
  lang.title = t('otherLanguageLabel');
  const out = document.getElementById('signout');
  out.textContent = t('signOut');
  out.hidden = !session.token;
  document.querySelector('.skip').textContent = t('skipToContent');
  document.querySelector('.brand').textContent = t('brand');
  document.getElementById('who').textContent = session.me ? session.me.name : '';
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('mainMenu'));
  nav.replaceChildren();
  const banner = document.getElementById('crisis-banner');
  banner.replaceChildren();
  banner.hidden = true;
  if (!session.me) return;
  const here = (location.hash || '#/').slice(2);
  const link = (path, text) => h('a', { href: '#/' + path, 'aria-current': (path === '' ? here === '' : here === path || here.startsWith(path + '/')) ? 'page' : null }, text);
  nav.append(link('', t('navHome')), ...offered().map((p) => link(p.path, t(p.key))));
  if (session.crisis?.active) {
    banner.hidden = false;
    banner.append(h('strong', {}, t('crisisBanner')), ' ', session.crisis.reason || '',
      session.crisis.changedBy ? ` · ${t('crisisDeclaredBy', session.crisis.changedBy.name, when(session.crisis.changedAt, session.me.timeZone))}` : '');
  }
}

/** The crisis banner's state, for those the API lets read it. */
async function readCrisis() {
  session.crisis = hasRole('ADMIN', 'CRISIS_LEAD') ? await api.get('/admin/crisis-mode').catch(() => null) : null;
}

// For the browser tests: how many pages were drawn, and whether one is being loaded.
let drawn = 0;

function show(nodes) {
  main.replaceChildren(...nodes);
  main.dataset.drawn = String(++drawn);
  main.dataset.state = 'ready';
  const heading = main.querySelector('h1');
  document.title = `${heading ? heading.textContent + ' – ' : ''}${t('brand')}`;
}

async function route() {
  const mine = ++drawing;
  main.dataset.state = 'loading';
  const hash = (location.hash || '#/').slice(2);
  if (!session.token) {
    frame();
    show(signInPage.render(() => {
      if (location.hash === '#/' || !location.hash) route();
      else location.hash = '#/';
    }));
    return;
  }
  await readCrisis();
  if (mine !== drawing) return;
  frame();
  const page = PAGES.find((p) => hash === p.path || hash.startsWith(p.path + '/'));
  if (!page) {
    show(home.render(offered()));
    return;
  }
  if (!hasRole(...page.roles)) {
    show([h('h1', {}, t(page.key)), h('div', { class: 'problem', role: 'alert', id: 'refused' }, h('strong', {}, t('refused')),
      ' ', t('refusedNeeds', page.roles.map((r) => label('role', r)).join(', ')))]);
    return;
  }
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('loading')));
  let nodes;
  try {
    nodes = await page.page.render(hash.slice(page.path.length + 1));
  } catch (e) {
    nodes = [h('h1', {}, t(page.key)), problemBox(e)];
  }
  if (mine !== drawing) return;
  show(nodes);
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function signOut(problem) {
  session.token = null;
  session.me = null;
  session.crisis = null;
  session.flash = problem ? 'signedOut' : null;
  if (location.hash === '#/' || !location.hash) route();
  else location.hash = '#/';
}

document.getElementById('lang').addEventListener('click', async () => {
  const other = session.lang === 'sv' ? 'en' : 'sv';
  try {
    await loadTexts(other);
  } catch (e) {
    return; // the texts of the other language could not be fetched: stay in this one
  }
  setLang(other);
  route();
});
document.getElementById('signout').addEventListener('click', () => signOut());
// The skip link moves focus without changing the address (which names the page).
document.querySelector('.skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
window.addEventListener('tjm:reload', route);
whenTokenRefused(signOut);
// For the browser tests: texts a page asked for that the catalogue lacks in its language.
window.tjmMissingTexts = missingTexts;

(async () => {
  try {
    await loadTexts(session.lang);
  } catch (e) {
    // Without its texts the console has nothing to say; the page's own line says the server is away.
    document.getElementById('unreachable').hidden = false;
    main.replaceChildren();
    return;
  }
  try {
    session.config = await api.get('/auth/config');
    const params = new URLSearchParams(location.search);
    if (params.has('code') && session.config.oidc) {
      await signInPage.oidcFinish(params);
      location.hash = '#/';
    }
  } catch (e) {
    frame();
    show([h('h1', {}, t('signInTitle')), problemBox(e)]);
    return;
  }
  route();
})();
