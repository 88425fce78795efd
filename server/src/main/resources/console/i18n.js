// The console's texts and the label of every code the API returns, read from the server's one
// catalogue (GET /console/texts/{language}: console_*, label_* and the problem types' titles), so
// the console keeps no copy of its own. A text is a template whose {0}, {1} t() fills in; a text
// with .one and .other forms is chosen by its first argument. A text or label asked for that the
// language lacks is recorded in missingTexts, which the browser tests read: none may be missing.

import { session } from './session.js';

const loaded = {};

/** Keys asked for that the current language lacks, "lang:key" or "lang:table.code". */
export const missingTexts = new Set();

/** Fetches a language's texts once (the browser revalidates them by their ETag). */
export async function loadTexts(lang) {
  if (loaded[lang]) return;
  const res = await fetch('/console/texts/' + lang, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error('texts: ' + res.status);
  loaded[lang] = (await res.json()).texts;
}

const texts = () => loaded[session.lang] || {};

const show = (v) => (typeof v === 'number' ? number(v) : String(v));

function fill(template, args) {
  return template.replace(/\{(\d+)\}/g, (m, i) => (args[i] === undefined ? m : show(args[i])));
}

/** The console's text `key` with its arguments: t('welcome', name), t('days', 3). */
export function t(key, ...args) {
  const all = texts();
  let v = all['console.' + key];
  if (v === undefined && all['console.' + key + '.one'] !== undefined) {
    v = all['console.' + key + (args[0] === 1 ? '.one' : '.other')];
  }
  if (v === undefined) {
    missingTexts.add(`${session.lang}:${key}`);
    return key;
  }
  return fill(v, args);
}

export function hasLabel(table, code) {
  return texts()[`label.${table}.${code}`] !== undefined;
}

/** The label of a code; a code without one is recorded (and shown as it is, as the last resort). */
export function label(table, code) {
  const v = texts()[`label.${table}.${code}`];
  if (v === undefined) {
    missingTexts.add(`${session.lang}:${table}.${code}`);
    return String(code);
  }
  return v;
}

/** The codes of a table, in the catalogue's order (the contract's). */
export function codes(table) {
  const prefix = `label.${table}.`;
  return Object.keys(texts()).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

const nf = () => new Intl.NumberFormat(session.lang === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 1 });
export const number = (x) => nf().format(x || 0);
export const percent = (ratio) => `${nf().format(Math.round((ratio || 0) * 1000) / 10)} %`;

const PROBLEM = 'urn:tjanstemobil:problem:';
const CONSOLE = 'urn:tjanstemobil:console:';

/**
 * A refusal as a person reads it: the title of the problem's type in the console's language (the
 * server's own title when the type is new to us), the server's detail, and each field's message.
 */
export function problemText(e) {
  const p = e?.problem || { type: CONSOLE + 'offline', detail: '' };
  const type = String(p.type || '');
  if (type.startsWith(CONSOLE)) {
    return { title: t('problem.' + type.slice(CONSOLE.length)), detail: p.detail || '', items: [] };
  }
  let code = type.startsWith(PROBLEM) ? type.slice(PROBLEM.length) : '';
  if (/^http-\d+$/.test(code)) code = 'http';
  const all = texts();
  const title = all[`problem.${code}.title`] || p.title || all['problem.http.title'];
  const field = (f) => {
    const first = String(f).split('.')[0];
    return hasLabel('field', first) ? label('field', first) : f;
  };
  const items = (p.errors || []).map((x) => `${field(x.field)}: ${x.message}`)
    .concat((p.violations || []).map((v) => v.detail));
  return { title, detail: p.detail || '', items };
}
