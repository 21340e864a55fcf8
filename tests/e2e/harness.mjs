// Launches Debian's Chromium (playwright-core) with the Likeback extension and serves
// "mini X" (tests/fixtures/x/) on the real https://x.com origin by request interception.
//
//   import { launch } from './harness.mjs';
//   const x = await launch({ lang: 'ja', recycle: true });
//   const page = await x.open('/home');            // resolves after mini X's first render
//   ...
//   await x.close();
//
// Nothing leaves the machine: every request of every page, extension page and worker goes
// through context.route(); x.com / twitter.com are served from fixtures, the rest is aborted
// and recorded in x.requests.
// Service-worker network events (requests made by the extension's background) need this
// before the browser starts.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { apiFor, ME, PEOPLE } from '../fixtures/x/scenarios.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_DIR = path.join(REPO_ROOT, 'tests/fixtures/x');
export const API_DIR = path.join(REPO_ROOT, 'tests/fixtures/api');
export const EXTENSION_DIR = path.join(REPO_ROOT, 'extension');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'target/screenshots');
export const X_CSP_FILE = path.resolve(REPO_ROOT, '../shared/fixtures/x-csp.txt');

const X_HOSTS = new Set(['x.com', 'twitter.com']);
// X's API hosts: some GraphQL requests go to https://api.x.com/graphql/<id>/<Op> (allowed by X's
// CSP connect-src). Served by the harness like x.com's /i/api/, with CORS headers for x.com.
const API_HOSTS = new Set(['api.x.com', 'api.twitter.com']);
// Flags Chromium needs here (root, no GPU, no network); a fresh user-data dir per launch.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Path of Debian's Chromium (`which chromium`), or $CHROMIUM. */
/** A TCP port free on 127.0.0.1 now (for geckodriver: a fixed one may be held by another run). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(p)) return p;
  try { return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(); } catch { return 'chromium'; }
}

/** A nonce in X's format: base64 of a UUID string. */
const newNonce = () => Buffer.from(crypto.randomUUID()).toString('base64');

/**
 * X's CSP (shared/fixtures/x-csp.txt) with a fresh nonce, or a composed equivalent when that
 * file is absent. mode: 'x' | 'no-wasm' (same without 'wasm-unsafe-eval') | a full policy string
 * ('{{NONCE}}' in it is replaced) | false (no header).
 */
export function cspFor(mode, nonce) {
  if (mode === false || mode === null) return null;
  if (typeof mode === 'string' && mode !== 'x' && mode !== 'no-wasm') return mode.replaceAll('{{NONCE}}', nonce);
  let policy;
  if (fs.existsSync(X_CSP_FILE)) {
    policy = fs.readFileSync(X_CSP_FILE, 'utf8').trim().replace(/'nonce-[^']*'/g, `'nonce-${nonce}'`);
  } else {
    // Composed for mini X after X's policy: nonce + 'self' scripts, WASM allowed, no eval.
    policy = [
      `script-src 'self' 'unsafe-inline' https://*.twimg.com https://x.com https://twitter.com 'wasm-unsafe-eval' 'nonce-${nonce}'`,
      "object-src 'none'", "default-src 'self'", "connect-src 'self' blob: https://api.x.com https://*.twimg.com",
      "img-src 'self' blob: data: https://*.twimg.com", "style-src 'self' 'unsafe-inline' https://*.twimg.com",
      "font-src 'self' https://*.twimg.com", "worker-src 'self' blob:",
    ].join('; ');
  }
  if (mode === 'no-wasm') policy = policy.replace(/\s*'wasm-unsafe-eval'/g, '');
  return policy;
}

const MIME = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Where a request came from: the page, an extension page, the extension's service worker. */
function originOf(req) {
  let sw = null;
  try { sw = req.serviceWorker(); } catch { /* not a worker request */ }
  if (sw) return sw.url().startsWith('chrome-extension://') ? 'worker' : 'page-worker';
  let frame = null;
  try { frame = req.frame(); } catch { /* dedicated worker */ }
  if (!frame) return 'worker';
  let u = '';
  try { u = req.isNavigationRequest() ? req.url() : frame.url(); } catch { /* detached */ }
  if (u.startsWith('chrome-extension://')) return 'extension';
  return 'page';
}

/** API map key for a request's variables: the harness keys fixtures by these. */
function keyOf(v) {
  return v.screen_name ?? v.listId ?? v.focalTweetId ?? v.tweetId ?? v.rawQuery ?? v.userId ?? undefined;
}

/**
 * Start Chromium with the extension and mini X.
 * @param {object} o
 * @param {boolean|string} [o.extension=true] true: ./extension (skipped with a warning when it has no
 *   manifest.json yet); a path: that unpacked extension; false: none.
 * @param {'en'|'ja'} [o.lang='en'] <html lang>, UI strings, browser UI locale (--lang, LANGUAGE) and context locale.
 * @param {string} [o.me='hana_lb'] the logged-in handle (AppTabBar_Profile_Link).
 * @param {object} [o.api] `Op` | `Op:key` → file in tests/fixtures/api, a body object, or
 *   fn({op, key, cursor, variables, url, method}) → file | body | {status, body}. Merged over apiFor(lang)
 *   unless `apiDefaults: false`. key = screen_name | listId | focalTweetId | tweetId | rawQuery; with
 *   `variables.cursor` only `Op:<cursor>` is looked up. REST notifications: 'notifications/all'.
 * @param {'x'|'no-wasm'|string|false} [o.csp='x']
 * @param {boolean} [o.recycle=false] virtual list mode: reuse cell elements instead of destroying them.
 * @param {'light'|'dark'} [o.theme='light']
 * @param {'xhr'|'fetch'} [o.transport='xhr'] how mini X calls the API.
 * @param {number} [o.apiDelayMs=0] delay before each API response.
 * @param {string} [o.profileOp='UserTweets'] the operation mini X's profile page asks for
 *   ('UserOriginalsTimeline': what X asks for since autumn 2026).
 * @param {'rest'|'graphql'} [o.notifications='rest'] 'graphql': /notifications asks for GraphQL
 *   NotificationsTimeline (and renders it) as well as REST notifications/all.json.
 * @param {string[]} [o.apiHostOps=[]] GraphQL operations mini X sends to https://api.x.com/graphql/…
 * @param {{link?: boolean, switcher?: boolean, later?: boolean}} [o.sidebar] how the side bar
 *   names "me": the profile link and the account switcher (both by default); `later`: drawn
 *   only on `lbFixture.showSidebar()`; `narrow`: X's phone layout (no side bar, avatar button at the
 *   top, tab bar at the bottom).
 * @param {boolean} [o.mobile=false] touch, a mobile user agent and 3× pixels (with a narrow viewport).
 * @param {boolean} [o.keepWelcome=false] on a fresh profile Likeback opens its welcome page when
 *   installed; the harness waits for it and closes it (so that the tabs a test opens stay in
 *   front) unless this is true: then it is `x.welcome`.
 */
export async function launch(o = {}) {
  const {
    extension = true, lang = 'en', me = ME, api = {}, apiDefaults = true, csp = 'x', recycle = false,
    theme = 'light', transport = 'xhr', apiDelayMs = 0, headless = true,
    profileOp = 'UserTweets', notifications = 'rest', apiHostOps = [], viewport = { width: 1000, height: 900 },
    args = [], timezoneId, profile = null, sidebar = {}, keepWelcome = false, mobile = false,
  } = o;
  let extDir = null;
  if (extension === true) {
    if (fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) extDir = EXTENSION_DIR;
    else console.warn(`[harness] ${EXTENSION_DIR}/manifest.json not found: launching without the extension`);
  } else if (typeof extension === 'string') {
    extDir = path.resolve(extension);
  }
  const apiMap = { ...(apiDefaults ? apiFor(lang) : {}), ...api };
  // `profile`: a user-data dir to reuse (a browser restart keeps the extension's storage);
  // kept at close. Otherwise a fresh one, removed at close.
  const userDir = profile ?? fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-e2e-'));
  const freshProfile = !fs.existsSync(userDir) || fs.readdirSync(userDir).length === 0;
  const locale = lang === 'ja' ? 'ja-JP' : 'en-US';
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: chromiumPath(),
    headless,
    viewport,
    locale,
    timezoneId,
    // `mobile`: a phone (touch, a mobile user agent, 3× pixels); pair it with a narrow viewport
    // and sidebar: {narrow: true}, as X serves phones.
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 3, userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36' } : {}),
    env: { ...process.env, LANGUAGE: lang === 'ja' ? 'ja' : 'en', LANG: lang === 'ja' ? 'ja_JP.UTF-8' : 'en_US.UTF-8' },
    args: [
      ...CHROMIUM_ARGS,
      `--lang=${locale}`,
      ...(extDir ? [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`] : []),
      ...args,
    ],
  });

  const x = {
    context,
    extensionId: null,
    extensionDir: extDir,
    serviceWorker: null,
    lang,
    me,
    /** Every request the browser attempted: {url, method, resourceType, from, served, status, postData, time}. */
    requests: [],
    /** GraphQL/REST calls to X's API: {op, key, cursor, variables, method, status, file}. */
    apiCalls: [],
    /** API calls no fixture answered (404). */
    unmapped: [],
    /** Console messages and page errors from every page: {type, text, url}. */
    console: [],
    pageErrors: [],
    api: apiMap,
  };
  const recs = new WeakMap();
  const record = (req) => {
    let rec = recs.get(req);
    if (!rec) {
      let postData = null;
      try { postData = req.postData(); } catch { /* none */ }
      rec = { url: req.url(), method: req.method(), resourceType: req.resourceType(), from: originOf(req), served: null, status: null, postData, time: Date.now() };
      recs.set(req, rec);
      x.requests.push(rec);
    }
    return rec;
  };
  context.on('request', record);
  context.on('requestfailed', (req) => { const rec = record(req); if (!rec.served) rec.served = 'failed'; });
  context.on('console', (msg) => {
    let url = '';
    try { url = msg.page()?.url() ?? ''; } catch { /* worker */ }
    x.console.push({ type: msg.type(), text: msg.text(), url });
  });
  context.on('weberror', (err) => x.pageErrors.push(String(err.error()?.stack || err.error())));

  const fileCache = new Map();
  const readFixture = (file) => {
    const p = path.isAbsolute(file) ? file : path.join(API_DIR, file);
    if (!fileCache.has(p)) fileCache.set(p, fs.readFileSync(p, 'utf8'));
    return fileCache.get(p);
  };
  const shellTemplate = fs.readFileSync(path.join(FIXTURE_DIR, 'shell.html'), 'utf8');
  const users = Object.fromEntries(Object.entries(PEOPLE).map(([h, p]) => [h, p.id]));
  const shell = (nonce) => {
    const config = JSON.stringify({ me, lang, recycle, transport, users, sidebar, profileOp, notifications, apiHostOps }).replace(/</g, '\\u003c');
    let html = shellTemplate
      .replaceAll('{{LANG}}', lang === 'ja' ? 'ja' : 'en')
      .replaceAll('{{THEME}}', theme)
      .replaceAll('{{ME}}', me)
      .replaceAll('{{NONCE}}', nonce)
      .replaceAll('{{CONFIG}}', config);
    // What a test holds back of the side bar is not in the page even while it is parsed (the
    // content script may read the page then, before mini X's script runs): no profile link with
    // `link: false`; with `later`, the side bar waits in an inert <template> for mini X.
    if (sidebar.link === false) html = html.replace(/<a [^>]*data-testid="AppTabBar_Profile_Link"[\s\S]*?<\/a>/, '');
    if (sidebar.later) html = html.replace(/(<header role="banner"[^>]*>\s*<div[^>]*>)([\s\S]*?)(<\/div>\s*<\/header>)/, '$1<template data-fx="later-sidebar">$2</template>$3');
    return html;
  };

  async function serveApi(route, req, url, rec) {
    const method = req.method();
    let op;
    let variables = {};
    let cursor;
    const gql = url.pathname.match(/^(?:\/i\/api)?\/graphql\/([^/]+)\/([A-Za-z0-9_]+)$/);
    if (gql) {
      op = gql[2];
      try {
        if (method === 'GET') variables = JSON.parse(url.searchParams.get('variables') || '{}');
        else variables = JSON.parse(req.postData() || '{}').variables || {};
      } catch { variables = {}; }
      cursor = variables.cursor;
    } else {
      // REST: /i/api/2/notifications/all.json → 'notifications/all'
      op = url.pathname.replace(/^(?:\/i\/api)?\/(?:\d(?:\.\d)?\/)?/, '').replace(/\.json$/, '');
      cursor = url.searchParams.get('cursor') ?? undefined;
    }
    const key = keyOf(variables);
    const call = { op, key, cursor, variables, method, status: 200, file: null, url: url.href };
    // mini X's own calls to api.x.com; anything else asked of it counts as leaving (x.outside()).
    if (API_HOSTS.has(url.hostname)) rec.miniX = apiHostOps.includes(op);
    x.apiCalls.push(call);
    rec.served = 'api';
    if (method === 'POST' && (op === 'FavoriteTweet' || op === 'UnfavoriteTweet') && !apiMap[op]) {
      const body = op === 'FavoriteTweet' ? { data: { favorite_tweet: 'Done' } } : { data: { unfavorite_tweet: 'Done' } };
      rec.status = 200;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    }
    const candidates = cursor !== undefined
      ? [`${op}:${cursor}`]
      : [key !== undefined && `${op}:${key}`, op, op === 'notifications/all' && 'notifications'].filter(Boolean);
    const hit = candidates.find((c) => apiMap[c] !== undefined);
    let status = 200;
    let body;
    if (hit) {
      let v = apiMap[hit];
      if (typeof v === 'function') v = await v({ op, key, cursor, variables, url: url.href, method });
      if (v && typeof v === 'object' && 'status' in v && 'body' in v) { status = v.status; v = v.body; }
      if (typeof v === 'string') { call.file = v; body = readFixture(v); } else body = JSON.stringify(v);
    } else {
      status = 404;
      body = JSON.stringify({ errors: [{ message: `mini X: no fixture for ${candidates.join(' | ')}`, code: 34 }] });
      x.unmapped.push({ op, key, cursor, url: url.href, method });
    }
    call.status = status;
    rec.status = status;
    if (apiDelayMs) await new Promise((r) => setTimeout(r, apiDelayMs));
    // A request from x.com to api.x.com is cross-origin: answer as X does, for x.com only.
    const origin = req.headers().origin;
    const headers = API_HOSTS.has(url.hostname) && origin
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
    return route.fulfill({ status, headers, contentType: 'application/json; charset=utf-8', body });
  }

  // Extension resources are not intercepted (the predicate skips chrome-extension:), everything
  // else is: served from fixtures or aborted.
  await context.route((u) => u.protocol === 'http:' || u.protocol === 'https:', async (route, req) => {
    const rec = record(req);
    const url = new URL(req.url());
    try {
      if (url.protocol === 'https:' && API_HOSTS.has(url.hostname)) {
        if (/^\/(?:i\/api\/|graphql\/|\d\/)/.test(url.pathname)) return await serveApi(route, req, url, rec);
        rec.served = '404'; rec.status = 404;
        return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
      }
      if (url.protocol === 'https:' && X_HOSTS.has(url.hostname)) {
        if (url.pathname.startsWith('/lb-fixture/')) {
          const rel = path.normalize(url.pathname.slice('/lb-fixture/'.length));
          const file = path.join(FIXTURE_DIR, rel);
          if (rel.startsWith('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            rec.served = 'fixture-404'; rec.status = 404;
            return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
          }
          rec.served = 'fixture'; rec.status = 200;
          return route.fulfill({ status: 200, contentType: MIME[path.extname(file)] || 'application/octet-stream', body: fs.readFileSync(file) });
        }
        if (url.pathname.startsWith('/i/api/')) return await serveApi(route, req, url, rec);
        if (req.isNavigationRequest() || req.resourceType() === 'document') {
          const nonce = newNonce();
          const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache, no-store, must-revalidate', 'x-frame-options': 'SAMEORIGIN' };
          const policy = cspFor(csp, nonce);
          if (policy) headers['content-security-policy'] = policy;
          rec.served = 'shell'; rec.status = 200;
          return route.fulfill({ status: 200, headers, body: shell(nonce) });
        }
        rec.served = '404'; rec.status = 404;
        return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
      }
      rec.served = 'aborted';
      return route.abort('failed');
    } catch (err) {
      rec.served = `error: ${err.message}`;
      return route.abort('failed').catch(() => {});
    }
  });

  if (extDir) {
    let sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => null);
    if (sw) {
      x.serviceWorker = sw;
      x.extensionId = new URL(sw.url()).host;
    }
  }
  // Installed into a fresh profile, Likeback opens its welcome page (core::first_run).
  x.welcome = null;
  if (x.extensionId && freshProfile && fs.existsSync(path.join(extDir, 'welcome.html'))) {
    const isWelcome = (p) => p.url() === `chrome-extension://${x.extensionId}/welcome.html`;
    const coming = context.waitForEvent('page', { predicate: isWelcome, timeout: 10_000 }).catch(() => null);
    x.welcome = context.pages().find(isWelcome) ?? await coming;
    if (x.welcome && !keepWelcome) {
      // Closed once drawn: a page closed while the extension's first page process is still
      // starting left the next extension page without its messages now and then (it showed
      // message names instead of text).
      await x.welcome.waitForSelector('[data-lb="welcome"] h1', { timeout: 10_000 }).catch(() => {});
      await x.welcome.close();
      x.welcome = null;
    }
  }

  let blank = context.pages().find((p) => p.url() === 'about:blank') || null;
  const newPage = async () => {
    if (blank && !blank.isClosed()) { const p = blank; blank = null; return p; }
    return context.newPage();
  };

  /** Open https://x.com<path> in a tab; resolves after mini X's first render (unless wait: false). */
  x.open = async (p = '/home', { wait = true, host = 'x.com' } = {}) => {
    const page = await newPage();
    await page.goto(`https://${host}${p}`);
    if (wait) {
      await page.waitForFunction(() => window.lbFixture && window.lbFixture.ready, null, { timeout: 10_000 });
      await page.evaluate(() => window.lbFixture.ready);
    }
    return page;
  };
  /** Open chrome-extension://<id>/<file> as a page. */
  x.openExtensionPage = async (file) => {
    if (!x.extensionId) throw new Error('no extension loaded (or it has no service worker)');
    const page = await newPage();
    await page.goto(`chrome-extension://${x.extensionId}/${file.replace(/^\//, '')}`);
    return page;
  };
  /** Screenshot to target/screenshots/<name>.png; returns the path. */
  x.shot = async (page, name) => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path: file });
    return file;
  };
  /** Requests that tried to leave the machine (any host other than x.com / twitter.com). */
  x.outside = () => x.requests.filter((r) => {
    if (!/^https?:/.test(r.url)) return false;
    const host = new URL(r.url).hostname;
    return !X_HOSTS.has(host) && !(API_HOSTS.has(host) && r.miniX);
  });
  x.close = async () => {
    await context.close().catch(() => {});
    if (!profile) fs.rmSync(userDir, { recursive: true, force: true });
  };
  return x;
}

/**
 * Launches as `launch(o)` does, runs `body(x)` and closes whatever happens (the setup most tests
 * repeat: launch, try, finally close). Resolves to what `body` returned.
 * @param {Parameters<typeof launch>[0]} o
 * @param {(x: Awaited<ReturnType<typeof launch>>) => Promise<any>} body
 */
export async function withX(o, body) {
  const x = await launch(o);
  try {
    return await body(x);
  } finally {
    await x.close();
  }
}
