// The one way the console talks to the server: fetch with the signed-in person's token and the
// console's language, JSON in and out, and every refusal turned into an ApiError carrying the
// RFC 9457 problem. Pages never catch these themselves: the router shows a page that failed to
// load, and dom.submitting() shows a failed action next to the form that started it.

import { session } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || String(status));
    this.status = status;
    this.problem = problem;
  }
}

/** A problem the console itself found (a file that is not JSON, a reason left out). */
export function localProblem(type, detail) {
  return new ApiError(0, { type: 'urn:tjanstemobil:console:' + type, title: '', detail });
}

let onSignedOut = () => {};

/** The session module tells us how to sign out when the server says the token is no good. */
export function whenTokenRefused(callback) {
  onSignedOut = callback;
}

async function call(method, path, body, opts = {}) {
  const headers = { Accept: opts.accept || 'application/json', 'Accept-Language': session.lang };
  if (session.token) headers.Authorization = 'Bearer ' + session.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  let res;
  try {
    res = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { type: 'urn:tjanstemobil:console:offline', title: '', detail: '' });
  }
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok) {
    const problem = type.includes('json') ? await res.json() : { type: 'urn:tjanstemobil:problem:http-' + res.status, title: res.statusText, detail: '' };
    if (res.status === 401 && session.token) onSignedOut(problem);
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return null;
  if (opts.blob) return res.blob();
  return type.includes('json') ? res.json() : res.text();
}

export const api = {
  get: (path, opts) => call('GET', path, undefined, opts),
  post: (path, body = {}, opts) => call('POST', path, body, opts),
  put: (path, body, opts) => call('PUT', path, body, opts),
  patch: (path, body, opts) => call('PATCH', path, body, opts),
  del: (path, opts) => call('DELETE', path, undefined, opts),
};

/** A query string from the fields that have a value. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Fetches a file with the token (CSV, PDF) and hands it to the browser as a download. */
export async function download(path, accept, filename) {
  const blob = await call('GET', path, undefined, { accept, blob: true });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
