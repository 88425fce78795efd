// The Tjänstemobil web console: a client of the public API and nothing else. Plain ES modules,
// no build step and nothing from a CDN. The token lives in memory only (a reload signs out).

const TEXT = {
  sv: {
    signIn: 'Logga in', signOut: 'Logga ut', language: 'English', demoPeople: 'Logga in som en demoperson',
    externalId: 'Anställnings-id (externalId)', signInAs: 'Logga in', oidc: 'Logga in med regionens konto',
    home: 'Start', compose: 'Nytt meddelande', sent: 'Skickade', agreements: 'Överenskommelser', hubs: 'Hubbar',
    hr: 'HR', admin: 'Administration', loading: 'Laddar…', refused: 'Du har inte behörighet till den här sidan.',
    refusedNeeds: 'Sidan kräver rollen', welcome: 'Välkommen', whatYouCanDo: 'Det här kan du göra:',
    title: 'Rubrik', body: 'Text', category: 'Kategori', priority: 'Prioritet', urgentReason: 'Skäl för brådskande (syns för mottagarna i deras logg)',
    requiresAck: 'Kräver kvittens', sendAt: 'Skicka senare (lämna tomt för nu)', audience: 'Mottagare', includeSubunits: 'med underenheter',
    everyone: 'Alla medarbetare', hubDay: 'De som bokat en hubb en dag', date: 'Datum', preview: 'Förhandsvisning',
    send: 'Skicka', recipients: 'Mottagare', reachableNow: 'Når nu', held: 'Väntar', heldUntil: 'väntar till', devices: 'telefoner',
    noAudience: 'Välj minst en mottagargrupp.', sentAt: 'Skickat', delivered: 'Levererat', read: 'Läst', acknowledged: 'Kvitterat',
    notAcknowledged: 'Har inte kvitterat', remind: 'Påminn', cancel: 'Avbryt det som inte gått ut', reminded: 'Påminnelse skickad till',
    cancelled: 'Avbrutet', none: 'Inget att visa.', approve: 'Godkänn', reject: 'Avslå', comment: 'Kommentar', period: 'Period',
    places: 'Arbetsplatser', tasks: 'Arbetsuppgifter', weekdays: 'Distansdagar', employee: 'Medarbetare', pending: 'Att besluta',
    openingHours: 'Öppettider', rules: 'Regler', resources: 'Resurser', closures: 'Stängningar', dayView: 'Dagsvy', occupancy: 'Beläggning',
    addClosure: 'Lägg till stängning', resource: 'Resurs', wholeHub: 'Hela hubben', start: 'Från', end: 'Till', reason: 'Skäl',
    cancelBooking: 'Avboka', cancelReason: 'Skäl till avbokningen (bokaren får veta)', from: 'Från', to: 'Till', show: 'Visa',
    utilisation: 'Beläggning', noShows: 'Uteblivna', downloadCsv: 'Ladda ner CSV', save: 'Spara', saved: 'Sparat.',
    afterHours: 'Utanför arbetstid', month: 'Månad', sender: 'Avsändare', unit: 'Enhet', messages: 'Meddelanden',
    heldCount: 'Väntade', breakThroughs: 'Genombrott', agreementsOverview: 'Överenskommelser per enhet', active: 'Gäller',
    expiring: 'Löper ut inom 30 dagar', orgImport: 'Organisationsimport', file: 'Fil (JSON från HR-systemet)', importFile: 'Importera',
    rejectedRows: 'Avvisade rader', devicesTitle: 'Telefonregister', retire: 'Ta ur bruk', audit: 'Granskningslogg',
    crisis: 'Krisläge', crisisOn: 'Krisläge är PÅ', crisisOff: 'Krisläge är av', switchOn: 'Slå på', switchOff: 'Slå av',
    status: 'Status', action: 'Händelse', who: 'Vem', when: 'När', name: 'Namn', kind: 'Typ', bookings: 'Bokningar',
    hoursInDay: 'timmar', confirmCancel: 'Avbryta utskicket för dem som inte fått det än?', chartLabel: 'Diagram',
    kinds: { DESK: 'Skrivbord', ROOM: 'Rum', PHONE_BOOTH: 'Telefonbås' }, signedOut: 'Du är utloggad.',
  },
  en: {
    signIn: 'Sign in', signOut: 'Sign out', language: 'Svenska', demoPeople: 'Sign in as a demo person',
    externalId: 'Employee id (externalId)', signInAs: 'Sign in', oidc: 'Sign in with the region\'s account',
    home: 'Home', compose: 'New message', sent: 'Sent', agreements: 'Agreements', hubs: 'Hubs',
    hr: 'HR', admin: 'Administration', loading: 'Loading…', refused: 'You are not allowed to see this page.',
    refusedNeeds: 'This page needs the role', welcome: 'Welcome', whatYouCanDo: 'What you can do here:',
    title: 'Title', body: 'Text', category: 'Category', priority: 'Priority', urgentReason: 'Reason for urgent (recipients see it in their log)',
    requiresAck: 'Requires acknowledgement', sendAt: 'Send later (leave empty for now)', audience: 'Recipients', includeSubunits: 'with subunits',
    everyone: 'Everyone', hubDay: 'People booked at a hub on a day', date: 'Date', preview: 'Preview',
    send: 'Send', recipients: 'Recipients', reachableNow: 'Reached now', held: 'Held', heldUntil: 'held until', devices: 'phones',
    noAudience: 'Choose at least one group of recipients.', sentAt: 'Sent', delivered: 'Delivered', read: 'Read', acknowledged: 'Acknowledged',
    notAcknowledged: 'Not acknowledged', remind: 'Remind', cancel: 'Cancel what has not gone out', reminded: 'Reminder sent to',
    cancelled: 'Cancelled', none: 'Nothing to show.', approve: 'Approve', reject: 'Reject', comment: 'Comment', period: 'Period',
    places: 'Places', tasks: 'Tasks', weekdays: 'Remote days', employee: 'Employee', pending: 'To decide',
    openingHours: 'Opening hours', rules: 'Rules', resources: 'Resources', closures: 'Closures', dayView: 'Day view', occupancy: 'Occupancy',
    addClosure: 'Add closure', resource: 'Resource', wholeHub: 'Whole hub', start: 'From', end: 'To', reason: 'Reason',
    cancelBooking: 'Cancel booking', cancelReason: 'Reason for cancelling (the booker is told)', from: 'From', to: 'To', show: 'Show',
    utilisation: 'Utilisation', noShows: 'No-shows', downloadCsv: 'Download CSV', save: 'Save', saved: 'Saved.',
    afterHours: 'After hours', month: 'Month', sender: 'Sender', unit: 'Unit', messages: 'Messages',
    heldCount: 'Held', breakThroughs: 'Break-throughs', agreementsOverview: 'Agreements per unit', active: 'In force',
    expiring: 'Ending within 30 days', orgImport: 'Organisation import', file: 'File (JSON from the HR system)', importFile: 'Import',
    rejectedRows: 'Rejected rows', devicesTitle: 'Device register', retire: 'Retire', audit: 'Audit log',
    crisis: 'Crisis mode', crisisOn: 'Crisis mode is ON', crisisOff: 'Crisis mode is off', switchOn: 'Switch on', switchOff: 'Switch off',
    status: 'Status', action: 'Action', who: 'Who', when: 'When', name: 'Name', kind: 'Kind', bookings: 'Bookings',
    hoursInDay: 'hours', confirmCancel: 'Cancel the message for those who have not got it yet?', chartLabel: 'Chart',
    kinds: { DESK: 'Desk', ROOM: 'Room', PHONE_BOOTH: 'Phone booth' }, signedOut: 'You are signed out.',
  },
};

const state = { token: null, me: null, config: null, lang: localStorage.getItem('tjm.lang') || 'sv', flash: null };
const main = document.getElementById('main');
const t = (key) => TEXT[state.lang][key] ?? key;

// ---- DOM ----

/** h('p', {class: 'x', onclick: f}, 'text', child) */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function field(id, label, input) {
  input.id = id;
  return h('div', {}, h('label', { for: id }, label), input);
}

function problemBox(e) {
  const p = e.problem || { title: String(e.message || e), detail: '' };
  return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, p.title || 'Error'), p.detail || '',
    ...(p.errors || []).map((x) => h('div', {}, `${x.field}: ${x.message}`)));
}

function render(...nodes) {
  main.replaceChildren(...nodes);
}

function loading() {
  render(h('p', { class: 'loading', role: 'status' }, t('loading')));
}

const fmt = (iso) => (iso ? new Date(iso).toLocaleString(state.lang === 'sv' ? 'sv-SE' : 'en-GB',
  { dateStyle: 'short', timeStyle: 'short', timeZone: state.me?.timeZone || 'Europe/Stockholm' }) : '');
const fmtTime = (iso, zone) => new Date(iso).toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: zone });

// ---- API ----

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body, opts = {}) {
  const headers = { Accept: opts.accept || 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  const res = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok) {
    const problem = type.includes('json') ? await res.json() : { title: res.statusText, detail: await res.text() };
    if (res.status === 401 && state.token) {
      signOut(problem);
    }
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return null;
  return type.includes('json') ? res.json() : res.text();
}

/** Fetches CSV with the token and offers it as a file. */
async function downloadCsv(path, filename, where) {
  try {
    const text = await api('GET', path, undefined, { accept: 'text/csv' });
    const a = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: filename });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    where.replaceChildren(problemBox(e));
  }
}

// ---- Session ----

function roles() {
  return new Set((state.me?.roles || []).map((r) => r.role));
}

function scopes(role) {
  return (state.me?.roles || []).filter((r) => r.role === role);
}

async function signIn(token) {
  state.token = token;
  state.me = await api('GET', '/me');
  layout();
  location.hash = '#/';
  route();
}

function signOut(problem) {
  state.token = null;
  state.me = null;
  state.flash = problem ? { title: t('signedOut'), detail: problem.detail || '' } : null;
  layout();
  location.hash = '#/login';
  route();
}

// Production: authorization code flow with PKCE against the identity provider; the code is
// exchanged in the browser and the token kept in memory.
async function oidcStart() {
  const o = state.config.oidc;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const verifier = b64url(bytes);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const stateParam = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('tjm.pkce', JSON.stringify({ verifier, state: stateParam }));
  const url = new URL(o.authorizationEndpoint);
  url.search = new URLSearchParams({ response_type: 'code', client_id: o.clientId, redirect_uri: redirectUri(), scope: o.scope,
    code_challenge: challenge, code_challenge_method: 'S256', state: stateParam }).toString();
  location.assign(url.toString());
}

async function oidcFinish(params) {
  const saved = JSON.parse(sessionStorage.getItem('tjm.pkce') || '{}');
  sessionStorage.removeItem('tjm.pkce');
  history.replaceState(null, '', '/console');
  if (!saved.verifier || saved.state !== params.get('state')) {
    throw new ApiError(400, { title: t('signIn'), detail: 'The sign-in answer does not match the request; try again.' });
  }
  const o = state.config.oidc;
  const res = await fetch(o.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: o.clientId, code_verifier: saved.verifier }) });
  const answer = await res.json();
  if (!res.ok) throw new ApiError(res.status, { title: t('signIn'), detail: answer.error_description || answer.error || res.statusText });
  await signIn(answer.access_token);
}

const redirectUri = () => location.origin + '/console';
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

// ---- Layout and routing ----

const PAGES = [
  { hash: '#/compose', key: 'compose', roles: ['MANAGER', 'COMMUNICATOR', 'CRISIS_LEAD', 'HUB_ADMIN'], view: composeView },
  { hash: '#/sent', key: 'sent', roles: ['MANAGER', 'COMMUNICATOR', 'CRISIS_LEAD', 'HUB_ADMIN'], view: sentView },
  { hash: '#/agreements', key: 'agreements', roles: ['MANAGER'], view: agreementsView },
  { hash: '#/hubs', key: 'hubs', roles: ['HUB_ADMIN', 'ADMIN'], view: hubsView },
  { hash: '#/hr', key: 'hr', roles: ['HR', 'ADMIN'], view: hrView },
  { hash: '#/admin', key: 'admin', roles: ['ADMIN'], view: adminView },
];

function layout() {
  document.documentElement.lang = state.lang;
  document.getElementById('lang').textContent = t('language');
  const out = document.getElementById('signout');
  out.textContent = t('signOut');
  out.hidden = !state.token;
  document.getElementById('who').textContent = state.me ? state.me.name : '';
  const nav = document.getElementById('nav');
  nav.replaceChildren();
  if (!state.me) return;
  const mine = roles();
  nav.append(h('a', { href: '#/' }, t('home')));
  for (const p of PAGES) {
    if (p.roles.some((r) => mine.has(r))) nav.append(h('a', { href: p.hash }, t(p.key)));
  }
  for (const a of nav.querySelectorAll('a')) {
    if (location.hash.startsWith(a.getAttribute('href')) && a.getAttribute('href') !== '#/') a.setAttribute('aria-current', 'page');
  }
}

async function route() {
  layout();
  const hash = location.hash || '#/';
  if (!state.token) {
    loginView();
    return;
  }
  const page = PAGES.find((p) => hash === p.hash || hash.startsWith(p.hash + '/'));
  if (!page) {
    homeView();
    return;
  }
  if (!page.roles.some((r) => roles().has(r))) {
    render(h('h1', {}, t(page.key)), h('div', { class: 'problem', role: 'alert', id: 'refused' }, h('strong', {}, t('refused')),
      `${t('refusedNeeds')} ${page.roles.join(' / ')}.`));
    return;
  }
  loading();
  try {
    await page.view(hash.slice(page.hash.length + 1));
  } catch (e) {
    render(h('h1', {}, t(page.key)), problemBox(e));
  }
  main.focus();
}

// ---- Sign-in and home ----

function loginView() {
  const parts = [h('h1', {}, t('signIn'))];
  if (state.flash) {
    parts.push(h('div', { class: 'notice', role: 'status' }, state.flash.title, ' ', state.flash.detail));
  }
  const error = h('div', { 'aria-live': 'polite' });
  const cfg = state.config || {};
  if (cfg.oidc) {
    parts.push(h('section', { class: 'card' }, h('button', { class: 'primary', type: 'button', id: 'oidc',
      onclick: () => oidcStart().catch((e) => error.replaceChildren(problemBox(e))) }, t('oidc'))));
  }
  if (cfg.devLogin) {
    const login = async (externalId) => {
      try {
        const r = await api('POST', '/auth/dev-login', { externalId });
        await signIn(r.accessToken);
      } catch (e) {
        error.replaceChildren(problemBox(e));
      }
    };
    const input = h('input', { type: 'text', autocomplete: 'off' });
    parts.push(h('section', { class: 'card' }, h('h2', {}, t('demoPeople')),
      h('ul', {}, (cfg.people || []).map((p) => h('li', {}, h('button', { class: 'secondary', type: 'button',
        'data-external-id': p.externalId, onclick: () => login(p.externalId) }, `${p.name} (${p.role || '–'})`)))),
      h('form', { onsubmit: (ev) => { ev.preventDefault(); login(input.value.trim()); } },
        field('login-external-id', t('externalId'), input), h('button', { class: 'primary', type: 'submit', id: 'login-submit' }, t('signInAs')))));
  }
  parts.push(error);
  render(...parts);
}

function homeView() {
  const mine = roles();
  const pages = PAGES.filter((p) => p.roles.some((r) => mine.has(r)));
  render(h('h1', {}, `${t('welcome')}, ${state.me.name}`),
    pages.length ? h('div', {}, h('p', {}, t('whatYouCanDo')), h('ul', {}, pages.map((p) => h('li', {}, h('a', { href: p.hash }, t(p.key))))))
      : h('p', { class: 'empty' }, t('refused')));
}

// ---- Managers and communicators: compose, preview, send ----

async function composeView() {
  const mine = roles();
  const broadcaster = mine.has('COMMUNICATOR') || mine.has('CRISIS_LEAD');
  const managed = scopes('MANAGER');
  const units = [];
  for (const g of managed) {
    const unit = await api('GET', '/org/units/' + g.scopeId);
    units.push({ id: unit.id, name: unit.name, subunits: unit.subunits.length });
  }
  const hubs = scopes('HUB_ADMIN');
  const key = crypto.randomUUID();
  const title = h('input', { type: 'text', maxlength: 100, required: true });
  const body = h('textarea', { maxlength: 4000, required: true });
  const category = h('select', {}, ['INFO', 'SCHEDULE', 'TRAINING', 'SOCIAL', 'CRISIS', 'OPERATIONS'].map((c) => h('option', { value: c }, c)));
  const priority = h('select', {}, h('option', { value: 'NORMAL' }, 'NORMAL'),
    (mine.has('CRISIS_LEAD') || managed.length) ? h('option', { value: 'URGENT' }, 'URGENT') : null);
  const reason = h('input', { type: 'text', maxlength: 500 });
  const reasonField = field('compose-urgent-reason', t('urgentReason'), reason);
  reasonField.hidden = true;
  const ack = h('input', { type: 'checkbox', id: 'compose-ack' });
  const sendAt = h('input', { type: 'datetime-local' });
  const unitBoxes = units.map((u) => ({ u, pick: h('input', { type: 'checkbox', id: 'unit-' + u.id, 'data-unit': u.id }),
    subs: h('input', { type: 'checkbox', id: 'subs-' + u.id, checked: true }) }));
  const everyone = broadcaster ? h('input', { type: 'checkbox', id: 'compose-everyone' }) : null;
  const hubPick = hubs.length ? h('select', { id: 'compose-hub' }, h('option', { value: '' }, '–'),
    hubs.map((g) => h('option', { value: g.scopeId }, g.scopeName))) : null;
  const hubDate = hubs.length ? h('input', { type: 'date', id: 'compose-hub-date' }) : null;
  const preview = h('div', { id: 'preview', 'aria-live': 'polite' });
  const result = h('div', { 'aria-live': 'polite' });
  const sendButton = h('button', { class: 'primary', type: 'submit', id: 'compose-send' }, t('send'));

  const draft = () => {
    const audience = { units: unitBoxes.filter((b) => b.pick.checked).map((b) => ({ id: b.u.id, includeSubunits: b.subs.checked })) };
    if (everyone?.checked) audience.everyone = true;
    if (hubPick?.value && hubDate?.value) audience.hubs = [{ id: hubPick.value, date: hubDate.value }];
    const d = { title: title.value, body: body.value, category: category.value, priority: priority.value, requiresAck: ack.checked, audience };
    if (priority.value === 'URGENT') d.urgentReason = reason.value;
    if (sendAt.value) d.sendAt = new Date(sendAt.value).toISOString();
    return d;
  };
  const hasAudience = (d) => d.audience.units.length || d.audience.everyone || d.audience.hubs;
  let timer = null;
  const refresh = () => {
    clearTimeout(timer);
    reasonField.hidden = priority.value !== 'URGENT';
    timer = setTimeout(async () => {
      const d = draft();
      if (!hasAudience(d) || !d.title.trim() || !d.body.trim()) {
        preview.replaceChildren(h('p', { class: 'empty' }, hasAudience(d) ? t('preview') + ': ' + t('title') + ' / ' + t('body') : t('noAudience')));
        return;
      }
      try {
        const c = await api('POST', '/messages/preview', d);
        preview.replaceChildren(consequence(c));
      } catch (e) {
        preview.replaceChildren(problemBox(e));
      }
    }, 250);
  };
  const form = h('form', { class: 'card', oninput: refresh, onchange: refresh, onsubmit: async (ev) => {
    ev.preventDefault();
    sendButton.disabled = true;
    try {
      const r = await api('POST', '/messages', draft(), { idempotencyKey: key });
      location.hash = '#/sent/' + r.id;
    } catch (e) {
      result.replaceChildren(problemBox(e));
      sendButton.disabled = false;
    }
  } },
  field('compose-title', t('title'), title), field('compose-body', t('body'), body),
  h('div', { class: 'row' }, field('compose-category', t('category'), category), field('compose-priority', t('priority'), priority)),
  reasonField,
  h('label', { class: 'inline', for: 'compose-ack' }, ack, t('requiresAck')),
  field('compose-send-at', t('sendAt'), sendAt),
  h('fieldset', {}, h('legend', {}, t('audience')),
    unitBoxes.map((b) => h('div', {}, h('label', { class: 'inline', for: b.pick.id }, b.pick, b.u.name),
      b.u.subunits ? h('label', { class: 'inline', for: b.subs.id }, b.subs, t('includeSubunits')) : null)),
    everyone ? h('label', { class: 'inline', for: 'compose-everyone' }, everyone, t('everyone')) : null,
    hubPick ? h('div', { class: 'row' }, field('compose-hub', t('hubDay'), hubPick), field('compose-hub-date', t('date'), hubDate)) : null),
  h('h2', {}, t('preview')), preview, sendButton, result);
  render(h('h1', {}, t('compose')), form);
  refresh();
}

function consequence(c) {
  const held = c.held.reduce((n, g) => n + g.count, 0);
  return h('div', {},
    h('p', { class: 'consequence' },
      h('span', { id: 'preview-recipients' }, c.recipients), ` ${t('recipients').toLowerCase()} · `,
      h('span', { id: 'preview-now' }, c.reachableNow), ` ${t('reachableNow').toLowerCase()} · `,
      h('span', { id: 'preview-held' }, held), ` ${t('held').toLowerCase()} · ${c.devices} ${t('devices')}`),
    c.held.length ? h('ul', {}, c.held.map((g) => h('li', {}, `${g.count} ${t('heldUntil')} ${fmt(g.until)}`))) : null);
}

// ---- Sent messages and their progress ----

async function sentView(id) {
  if (id) {
    await messageView(id);
    return;
  }
  const list = await api('GET', '/messages?limit=50');
  render(h('h1', {}, t('sent')), list.items.length ? h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, t('title')), h('th', {}, t('sentAt')), h('th', {}, t('recipients')))),
    h('tbody', {}, list.items.map((m) => h('tr', {}, h('td', {}, h('a', { href: '#/sent/' + m.id }, m.title)),
      h('td', {}, fmt(m.sendAt)), h('td', {}, m.recipients))))) : h('p', { class: 'empty' }, t('none')));
}

async function messageView(id) {
  const m = await api('GET', '/messages/' + id);
  const s = m.stats;
  const bar = (key, n) => h('div', {}, h('div', {}, `${t(key)}: `, h('span', { id: 'stat-' + key }, n), ` / ${s.recipients}`),
    h('div', { class: 'bar', role: 'img', 'aria-label': `${t(key)} ${n} / ${s.recipients}` },
      h('span', { style: `width:${s.recipients ? Math.round(100 * n / s.recipients) : 0}%` })));
  const out = h('div', { 'aria-live': 'polite' });
  const missing = m.requiresAck ? await api('GET', `/messages/${id}/recipients?state=NOT_ACKNOWLEDGED&limit=200`) : null;
  render(h('h1', {}, m.title), h('p', {}, m.body),
    h('section', { class: 'card', id: 'progress' }, h('p', {}, `${t('sentAt')} ${fmt(m.sendAt)}`, m.cancelledAt ? ` · ${t('cancelled')} ${fmt(m.cancelledAt)}` : ''),
      bar('delivered', s.delivered), bar('held', s.held), bar('read', s.read), m.requiresAck ? bar('acknowledged', s.acknowledged) : null),
    missing ? h('section', { class: 'card' }, h('h2', {}, t('notAcknowledged')),
      missing.items.length ? h('ul', { id: 'not-acknowledged' }, missing.items.map((r) => h('li', {}, r.employee.name, r.unitName ? ` (${r.unitName})` : '')))
        : h('p', { class: 'empty' }, t('none'))) : null,
    h('div', {},
      m.requiresAck ? h('button', { class: 'secondary', type: 'button', id: 'remind', onclick: async () => {
        try {
          const r = await api('POST', `/messages/${id}/remind`, {});
          out.replaceChildren(h('div', { class: 'notice', role: 'status' }, `${t('reminded')} ${r.reminded}`));
        } catch (e) {
          out.replaceChildren(problemBox(e));
        }
      } }, t('remind')) : null,
      m.cancelledAt ? null : h('button', { class: 'danger', type: 'button', id: 'cancel-message', onclick: async () => {
        if (!confirm(t('confirmCancel'))) return;
        try {
          await api('POST', `/messages/${id}/cancel`, {});
          route();
        } catch (e) {
          out.replaceChildren(problemBox(e));
        }
      } }, t('cancel'))),
    out);
}

// ---- Managers: pending remote-work agreements ----

async function agreementsView() {
  const list = await api('GET', '/remote-agreements?status=SUBMITTED');
  const cards = list.items.map((a) => {
    const comment = h('textarea', { maxlength: 2000 });
    const out = h('div', { 'aria-live': 'polite' });
    const decide = (how) => async () => {
      try {
        await api('POST', `/remote-agreements/${a.id}/${how}`, comment.value.trim() ? { comment: comment.value.trim() } : {});
        route();
      } catch (e) {
        out.replaceChildren(problemBox(e));
      }
    };
    return h('section', { class: 'card', 'data-agreement': a.id }, h('h2', {}, a.employee.name),
      h('dl', { class: 'facts' }, h('dt', {}, t('period')), h('dd', {}, `${a.validFrom} – ${a.validTo}`),
        h('dt', {}, t('weekdays')), h('dd', {}, a.weekdays.join(', ') || (a.sharePercent ? a.sharePercent + ' %' : '')),
        h('dt', {}, t('places')), h('dd', {}, a.places.map((p) => p.hubName || p.description || p.type).join('; ')),
        h('dt', {}, t('tasks')), h('dd', {}, a.tasks || ''), h('dt', {}, t('comment')), h('dd', {}, a.employeeComment || '')),
      field('comment-' + a.id, t('comment'), comment),
      h('button', { class: 'primary', type: 'button', onclick: decide('approve') }, t('approve')),
      h('button', { class: 'danger', type: 'button', onclick: decide('reject') }, t('reject')), out);
  });
  render(h('h1', {}, `${t('agreements')}: ${t('pending').toLowerCase()} (${list.counts.SUBMITTED})`),
    cards.length ? cards : h('p', { class: 'empty' }, t('none')));
}

// ---- Hub administrators ----

async function hubsView(rest) {
  const [id, tab] = rest.split('/');
  if (!id) {
    const mine = roles().has('ADMIN') ? (await api('GET', '/hubs')).items : scopes('HUB_ADMIN').map((g) => ({ id: g.scopeId, name: g.scopeName }));
    render(h('h1', {}, t('hubs')), mine.length ? h('ul', {}, mine.map((x) => h('li', {}, h('a', { href: '#/hubs/' + x.id }, x.name))))
      : h('p', { class: 'empty' }, t('none')));
    return;
  }
  const hub = await api('GET', '/hubs/' + id);
  const tabs = [['day', t('dayView')], ['closures', t('closures')], ['occupancy', t('occupancy')], ['settings', t('rules')]];
  const current = tab || 'day';
  const nav = h('nav', { 'aria-label': hub.name }, tabs.map(([k, label]) => h('a', { href: `#/hubs/${id}/${k}`,
    'aria-current': k === current ? 'page' : null, style: 'margin-right:1em' }, label)));
  const body = h('div', {});
  render(h('h1', {}, hub.name), h('p', {}, `${hub.address} · ${hub.municipality} · ${hub.timeZone}`), nav, body);
  if (current === 'day') await hubDay(hub, body);
  else if (current === 'closures') await hubClosures(hub, body);
  else if (current === 'occupancy') await hubOccupancy(hub, body);
  else hubSettings(hub, body);
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

async function hubDay(hub, body, date) {
  const day = date || sessionStorage.getItem('tjm.day.' + hub.id) || today();
  const picker = h('input', { type: 'date', value: day, id: 'day-date' });
  const out = h('div', { 'aria-live': 'polite' });
  const v = await api('GET', `/hubs/${hub.id}/bookings?date=${day}`);
  const start = Date.parse(v.dayStart);
  const span = Date.parse(v.dayEnd) - start;
  const pos = (iso) => Math.max(0, Math.min(100, 100 * (Date.parse(iso) - start) / span));
  const rows = v.resources.map((r) => h('div', { class: 'resource-row', 'data-resource': r.id },
    h('div', {}, h('strong', {}, r.name), ` · ${TEXT[state.lang].kinds[r.kind] || r.kind}`),
    h('div', { class: 'timeline', role: 'list', 'aria-label': r.name },
      r.closed.map((c) => h('div', { class: 'closed', title: c.reason, style: `left:${pos(c.start)}%;width:${pos(c.end) - pos(c.start)}%` })),
      r.bookings.map((b) => h('button', { type: 'button', role: 'listitem', class: 'block ' + b.status, 'data-booking': b.id,
        'data-status': b.status, style: `left:${pos(b.start)}%;width:${Math.max(2, pos(b.end) - pos(b.start))}%`,
        title: `${b.booker.name} ${fmtTime(b.start, hub.timeZone)}–${fmtTime(b.end, hub.timeZone)} ${b.status}${b.cancelReason ? ' · ' + b.cancelReason : ''}`,
        'aria-label': `${b.booker.name} ${fmtTime(b.start, hub.timeZone)}–${fmtTime(b.end, hub.timeZone)} ${b.status}`,
        onclick: () => cancelDialog(hub, b, out, () => hubDay(hub, body, day)) },
      `${fmtTime(b.start, hub.timeZone)} ${b.booker.name}`)))));
  const scale = h('div', { class: 'timeline scale', 'aria-hidden': 'true' });
  for (let i = 0; i * 3600000 < span; i += 3) {
    scale.append(h('span', { class: 'tick', style: `left:${100 * i * 3600000 / span}%` }, fmtTime(new Date(start + i * 3600000).toISOString(), hub.timeZone)));
  }
  body.replaceChildren(h('section', { class: 'card' },
    h('div', { class: 'row' }, field('day-date', t('date'), picker), h('button', { class: 'secondary', type: 'button', onclick: () => {
      sessionStorage.setItem('tjm.day.' + hub.id, picker.value);
      hubDay(hub, body, picker.value);
    } }, t('show'))),
    h('p', {}, `${v.date} · ${v.hoursInDay} ${t('hoursInDay')} · ${t('bookings')}: `, h('span', { id: 'booking-count' }, v.bookingCount)),
    rows.length ? [scale, rows] : h('p', { class: 'empty' }, t('none'))), out);
}

function cancelDialog(hub, b, out, done) {
  if (!['BOOKED', 'CHECKED_IN', 'OFFERED'].includes(b.status)) return;
  const reason = h('input', { type: 'text', maxlength: 500, required: true });
  out.replaceChildren(h('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api('DELETE', `/bookings/${b.id}?reason=${encodeURIComponent(reason.value.trim())}`);
      done();
    } catch (e) {
      out.append(problemBox(e));
    }
  } }, h('h2', {}, `${t('cancelBooking')}: ${b.booker.name}`), field('cancel-reason', t('cancelReason'), reason),
  h('button', { class: 'danger', type: 'submit' }, t('cancelBooking'))));
  reason.focus();
}

async function hubClosures(hub, body) {
  const list = await api('GET', `/hubs/${hub.id}/closures`);
  const resource = h('select', {}, h('option', { value: '' }, t('wholeHub')), hub.resources.map((r) => h('option', { value: r.id }, r.name)));
  const start = h('input', { type: 'datetime-local' });
  const end = h('input', { type: 'datetime-local' });
  const reason = h('input', { type: 'text', maxlength: 500, required: true });
  const out = h('div', { 'aria-live': 'polite' });
  body.replaceChildren(
    h('section', { class: 'card' }, h('h2', {}, t('closures')), list.items.length ? h('table', { id: 'closures' },
      h('thead', {}, h('tr', {}, h('th', {}, t('resource')), h('th', {}, t('start')), h('th', {}, t('end')), h('th', {}, t('reason')),
        h('th', {}, t('cancelled')))),
      h('tbody', {}, list.items.map((c) => h('tr', {}, h('td', {}, c.resource ? c.resource.name : t('wholeHub')), h('td', {}, fmt(c.start)),
        h('td', {}, fmt(c.end)), h('td', {}, c.reason), h('td', {}, c.cancelledBookings)))))
      : h('p', { class: 'empty' }, t('none'))),
    h('form', { class: 'card', id: 'closure-form', onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const c = await api('POST', `/hubs/${hub.id}/closures`, { resourceId: resource.value || undefined,
          start: new Date(start.value).toISOString(), end: new Date(end.value).toISOString(), reason: reason.value.trim() });
        sessionStorage.setItem('tjm.day.' + hub.id, c.start.slice(0, 10));
        location.hash = `#/hubs/${hub.id}/day`;
      } catch (e) {
        out.replaceChildren(problemBox(e));
      }
    } }, h('h2', {}, t('addClosure')), field('closure-resource', t('resource'), resource),
    h('div', { class: 'row' }, field('closure-start', t('start'), start), field('closure-end', t('end'), end)),
    field('closure-reason', t('reason'), reason), h('button', { class: 'primary', type: 'submit', id: 'closure-submit' }, t('addClosure')), out));
}

async function hubOccupancy(hub, body, range) {
  const to = range?.to || today();
  const from = range?.from || new Date(Date.parse(to) - 29 * 86400000).toISOString().slice(0, 10);
  const fromInput = h('input', { type: 'date', value: from });
  const toInput = h('input', { type: 'date', value: to });
  const out = h('div', {});
  const o = await api('GET', `/hubs/${hub.id}/occupancy?from=${from}&to=${to}`);
  body.replaceChildren(h('section', { class: 'card' },
    h('div', { class: 'row' }, field('occ-from', t('from'), fromInput), field('occ-to', t('to'), toInput),
      h('button', { class: 'secondary', type: 'button', onclick: () => hubOccupancy(hub, body, { from: fromInput.value, to: toInput.value }) }, t('show')),
      h('button', { class: 'secondary', type: 'button', onclick: () => downloadCsv(`/hubs/${hub.id}/occupancy?from=${from}&to=${to}`,
        `occupancy-${from}-${to}.csv`, out) }, t('downloadCsv'))),
    h('p', {}, `${t('utilisation')}: ${Math.round(o.totals.utilisation * 100)} % · ${t('noShows')}: ${o.totals.noShows}`),
    barChart('occupancy-chart', o.days.map((d) => ({ label: d.date.slice(5), values: [d.utilisation * 100,
      d.resources.reduce((n, r) => n + r.noShows, 0)] })), [t('utilisation') + ' %', t('noShows')]), out));
}

function hubSettings(hub, body) {
  const inputs = Object.fromEntries(Object.entries(hub.rules).map(([k, v]) => [k, h('input', { type: 'number', value: v, min: 0 })]));
  // Opening hours as lines like "MONDAY 07:00-18:00", one interval a line.
  const hours = h('textarea', { rows: 8 }, hub.openingHours.map((o) => `${o.day} ${o.start}-${o.end}`).join('\n'));
  const out = h('div', { 'aria-live': 'polite' });
  const kind = h('select', {}, ['DESK', 'ROOM', 'PHONE_BOOTH'].map((k) => h('option', { value: k }, TEXT[state.lang].kinds[k])));
  const name = h('input', { type: 'text', maxlength: 100, required: true });
  const parseHours = () => hours.value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const m = /^([A-Z]+)\s+(\d\d:\d\d)-(\d\d:\d\d)$/.exec(l.toUpperCase());
    if (!m) throw new ApiError(400, { title: t('openingHours'), detail: `"${l}": MONDAY 07:00-18:00` });
    return { day: m[1], start: m[2], end: m[3] };
  });
  body.replaceChildren(h('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api('PATCH', `/hubs/${hub.id}`, { openingHours: parseHours(),
        rules: Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, Number(i.value)])) });
      out.replaceChildren(h('div', { class: 'notice', role: 'status' }, t('saved')));
    } catch (e) {
      out.replaceChildren(problemBox(e));
    }
  } }, h('h2', {}, t('openingHours')), field('hub-hours', t('openingHours') + ' (MONDAY 07:00-18:00)', hours),
  h('h2', {}, t('rules')), Object.entries(inputs).map(([k, i]) => field('rule-' + k, k, i)),
  h('button', { class: 'primary', type: 'submit', id: 'hub-save' }, t('save')), out),
  h('section', { class: 'card' }, h('h2', {}, t('resources')),
    h('ul', {}, hub.resources.map((r) => h('li', {}, `${r.name} · ${TEXT[state.lang].kinds[r.kind]} · ${r.features.join(', ')}${r.active ? '' : ' (–)'}`))),
    h('form', { onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        await api('POST', `/hubs/${hub.id}/resources`, { kind: kind.value, name: name.value.trim() });
        route();
      } catch (e) {
        out.replaceChildren(problemBox(e));
      }
    } }, h('div', { class: 'row' }, field('resource-kind', t('kind'), kind), field('resource-name', t('name'), name)),
    h('button', { class: 'secondary', type: 'submit' }, t('save')))));
}

// ---- Charts (SVG, drawn here: no chart library) ----

function barChart(id, rows, legend) {
  const colours = ['#0b4f9c', '#c05600'];
  const w = Math.max(640, rows.length * 28 + 60);
  const hgt = 200;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt + 40}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('id', id);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('chartLabel') + ': ' + legend.join(', '));
  const axis = document.createElementNS(ns, 'line');
  axis.setAttribute('x1', 36);
  axis.setAttribute('x2', w);
  axis.setAttribute('y1', hgt);
  axis.setAttribute('y2', hgt);
  axis.setAttribute('stroke', '#4a535c');
  svg.append(axis);
  const top = document.createElementNS(ns, 'text');
  top.setAttribute('x', 0);
  top.setAttribute('y', 12);
  top.setAttribute('font-size', '11');
  top.textContent = Math.round(max * 10) / 10;
  svg.append(top);
  rows.forEach((r, i) => {
    r.values.forEach((v, j) => {
      const bar = document.createElementNS(ns, 'rect');
      const bh = Math.round(hgt * v / max);
      bar.setAttribute('x', 40 + i * 28 + j * 12);
      bar.setAttribute('y', hgt - bh);
      bar.setAttribute('width', 11);
      bar.setAttribute('height', bh);
      bar.setAttribute('fill', colours[j % colours.length]);
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${r.label}: ${legend[j]} ${Math.round(v * 10) / 10}`;
      bar.append(title);
      svg.append(bar);
    });
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 40 + i * 28);
    label.setAttribute('y', hgt + 16);
    label.setAttribute('font-size', '10');
    label.textContent = r.label;
    svg.append(label);
  });
  return h('figure', {}, svg, h('figcaption', { class: 'legend' }, legend.map((l, j) => [h('span', { style: `background:${colours[j]}` }), l])));
}

// ---- HR ----

async function hrView() {
  const month = sessionStorage.getItem('tjm.hr.month') || today().slice(0, 7);
  const picker = h('input', { type: 'month', value: month, id: 'hr-month' });
  const out = h('div', {});
  const report = await api('GET', `/reports/after-hours?month=${month}`);
  const overview = await api('GET', '/reports/remote-agreements');
  render(h('h1', {}, t('hr')),
    h('section', { class: 'card' }, h('h2', {}, `${t('afterHours')} ${report.month}`),
      h('div', { class: 'row' }, field('hr-month', t('month'), picker), h('button', { class: 'secondary', type: 'button', onclick: () => {
        sessionStorage.setItem('tjm.hr.month', picker.value);
        route();
      } }, t('show')), h('button', { class: 'secondary', type: 'button', onclick: () => downloadCsv(`/reports/after-hours?month=${month}`,
        `after-hours-${month}.csv`, out) }, t('downloadCsv'))),
      barChart('after-hours-chart', report.rows.map((r) => ({ label: r.sender.name.split(' ')[0], values: [r.held, r.breakThroughs] })),
        [t('heldCount'), t('breakThroughs')]),
      report.rows.length ? h('table', { id: 'after-hours-table' }, h('thead', {}, h('tr', {}, [t('unit'), t('sender'), t('messages'),
        t('recipients'), t('heldCount'), t('breakThroughs')].map((c) => h('th', {}, c)))),
      h('tbody', {}, report.rows.map((r) => h('tr', {}, h('td', {}, r.unit ? r.unit.name : ''), h('td', {}, r.sender.name),
        h('td', {}, r.messages), h('td', {}, r.recipients), h('td', {}, r.held), h('td', {}, r.breakThroughs))))) : h('p', { class: 'empty' }, t('none')),
      out),
    h('section', { class: 'card' }, h('h2', {}, t('agreementsOverview')),
      h('button', { class: 'secondary', type: 'button', onclick: () => downloadCsv('/reports/remote-agreements', 'agreements.csv', out) }, t('downloadCsv')),
      overview.rows.length ? h('table', {}, h('thead', {}, h('tr', {}, [t('unit'), t('active'), t('expiring'), t('pending')].map((c) => h('th', {}, c)))),
        h('tbody', {}, overview.rows.map((r) => h('tr', {}, h('td', {}, r.unit.name), h('td', {}, r.active), h('td', {}, r.expiringIn30Days),
          h('td', {}, r.pending))))) : h('p', { class: 'empty' }, t('none'))));
}

// ---- Admins ----

async function adminView() {
  const [crisis, devices, audit] = await Promise.all([api('GET', '/admin/crisis-mode'), api('GET', '/admin/devices?limit=50'),
    api('GET', '/admin/audit?limit=50')]);
  const out = h('div', { 'aria-live': 'polite' });
  const file = h('input', { type: 'file', accept: 'application/json,.json' });
  const crisisReason = h('input', { type: 'text', maxlength: 500 });
  render(h('h1', {}, t('admin')),
    h('section', { class: 'card' }, h('h2', {}, t('crisis')), h('p', { id: 'crisis-state' }, crisis.active ? t('crisisOn') : t('crisisOff')),
      crisis.active ? null : field('crisis-reason', t('reason'), crisisReason),
      h('button', { class: crisis.active ? 'secondary' : 'danger', type: 'button', onclick: async () => {
        try {
          await api('PUT', '/admin/crisis-mode', crisis.active ? { active: false } : { active: true, reason: crisisReason.value.trim() });
          route();
        } catch (e) {
          out.replaceChildren(problemBox(e));
        }
      } }, crisis.active ? t('switchOff') : t('switchOn'))),
    h('form', { class: 'card', onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const text = await file.files[0].text();
        const result = await api('POST', '/admin/org/import', JSON.parse(text));
        out.replaceChildren(h('div', { class: 'notice', role: 'status' }, JSON.stringify({ units: result.units, employees: result.employees })),
          result.rejected.length ? h('table', {}, h('caption', {}, t('rejectedRows')), h('tbody', {}, result.rejected.map((r) =>
            h('tr', {}, h('td', {}, r.section), h('td', {}, r.index), h('td', {}, r.reason))))) : null);
      } catch (e) {
        out.replaceChildren(problemBox(e instanceof SyntaxError ? { problem: { title: t('orgImport'), detail: e.message } } : e));
      }
    } }, h('h2', {}, t('orgImport')), field('import-file', t('file'), file), h('button', { class: 'primary', type: 'submit' }, t('importFile'))),
    out,
    h('section', { class: 'card' }, h('h2', {}, t('devicesTitle')), devices.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, [t('employee'), 'Platform', t('status'), 'Last seen', ''].map((c) => h('th', {}, c)))),
      h('tbody', {}, devices.items.map((d) => {
        const why = h('select', { 'aria-label': t('reason') }, ['LOST', 'REPLACED', 'RETURNED', 'BROKEN'].map((r) => h('option', { value: r }, r)));
        return h('tr', {}, h('td', {}, d.employeeId), h('td', {}, `${d.platform} ${d.model || ''}`), h('td', {}, d.status + (d.stale ? ' (stale)' : '')),
          h('td', {}, fmt(d.lastSeenAt)), h('td', {}, d.status === 'RETIRED' ? '' : [why, h('button', { class: 'secondary', type: 'button',
            onclick: async () => {
              try {
                await api('POST', `/admin/devices/${d.id}/retire`, { reason: why.value });
                route();
              } catch (e) {
                out.replaceChildren(problemBox(e));
              }
            } }, t('retire'))]));
      }))) : h('p', { class: 'empty' }, t('none'))),
    h('section', { class: 'card' }, h('h2', {}, t('audit')), audit.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, [t('when'), t('action'), t('who'), ''].map((c) => h('th', {}, c)))),
      h('tbody', {}, audit.items.map((a) => h('tr', {}, h('td', {}, fmt(a.at)), h('td', {}, a.action),
        h('td', {}, a.actor ? a.actor.name : ''), h('td', {}, `${a.objectType} ${a.objectId || ''}`))))) : h('p', { class: 'empty' }, t('none'))));
}

// ---- Start ----

document.getElementById('lang').addEventListener('click', () => {
  state.lang = state.lang === 'sv' ? 'en' : 'sv';
  localStorage.setItem('tjm.lang', state.lang);
  route();
});
document.getElementById('signout').addEventListener('click', () => signOut());
window.addEventListener('hashchange', route);

(async () => {
  try {
    state.config = await api('GET', '/auth/config');
    const params = new URLSearchParams(location.search);
    if (params.has('code') && state.config.oidc) {
      await oidcFinish(params);
      return;
    }
  } catch (e) {
    render(problemBox(e));
    return;
  }
  route();
})();
