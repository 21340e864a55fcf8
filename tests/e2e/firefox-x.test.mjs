// Likeback in Firefox on x.com: the packaged Firefox add-on (dist/likeback-firefox-*.zip) in
// Debian's firefox-esr through geckodriver, on mini X served as https://x.com (firefox-x.mjs:
// a proxy preference and a TLS server for x.com). Proves in Firefox what the Chromium tests prove
// for the page: tap.js in the page world (X's own notifications response reaches the ledger), the
// content script's WASM under X's CSP (health ok), collapse, marks, a like recorded.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';
import { serveMiniX } from './firefox-x.mjs';
import { homeEn } from '../fixtures/x/scenarios.mjs';
import { knownLedger } from './known-ledger.mjs';

const which = (cmd) => { try { return execFileSync('which', [cmd], { encoding: 'utf8' }).trim(); } catch { return null; } };
const firefox = which('firefox-esr') ?? which('firefox');
const geckodriver = which('geckodriver') ?? [path.join(os.homedir(), '.cargo/bin/geckodriver')].find((p) => fs.existsSync(p));
const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'extension/manifest.json'), 'utf8')).version;
const zip = path.join(REPO_ROOT, `dist/likeback-firefox-${version}.zip`);
const missing = [!firefox && 'firefox-esr', !geckodriver && 'geckodriver', !which('openssl') && 'openssl', !fs.existsSync(zip) && zip].filter(Boolean);
const UUID = '6b0e6c2e-4a5b-4c8f-9d1e-1c1b1e0f1a2c';
const PORT = 4456;

async function wd(method, url, body) {
  const res = await fetch(`http://127.0.0.1:${PORT}${url}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const json = await res.json();
  if (json.value && json.value.error) throw new Error(`${json.value.error}: ${json.value.message}`);
  return json.value;
}

/** The counts line of the options page: {received, given, people}. */
const COUNTS = /^Likes received: (\d+) · likes given: (\d+) · people: (\d+)$/;

describe('Likeback in Firefox on x.com', { skip: missing.length ? `not available: ${missing.join(', ')}` : false }, () => {
  let driver;
  let session;
  let minix;
  const run = (script, args = []) => wd('POST', `/session/${session}/execute/sync`, { script, args });
  const until = async (script, what, timeout = 20_000) => {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await run(script).catch(() => null);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const openX = async (p) => {
    await wd('POST', `/session/${session}/url`, { url: `https://x.com${p}` });
    await until('return !!(window.wrappedJSObject || window).lbFixture?.ready', `mini X at ${p}`);
  };
  let opened = 0;
  const openExtension = async (name) => {
    const page = `moz-extension://${UUID}/${name}?${++opened}`;
    await wd('POST', `/session/${session}/moz/context`, { context: 'chrome' });
    await run('gBrowser.selectedBrowser.loadURI(Services.io.newURI(arguments[0]), { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });', [page]);
    await wd('POST', `/session/${session}/moz/context`, { context: 'content' });
    await until(`return location.href.split("#")[0] === ${JSON.stringify(page)} && document.readyState === "complete"`, name);
  };
  const counts = async (want) => {
    await openExtension('options.html');
    const text = await until(`const t = document.querySelector('[data-lb="counts"]')?.textContent; return t && (${want})(t) && t`, 'the counts');
    const [, received, given, people] = text.match(COUNTS).map(Number);
    return { received, given, people };
  };

  before(async () => {
    minix = await serveMiniX({ lang: 'en' });
    driver = spawn(geckodriver, ['--port', String(PORT), '--binary', firefox, '--allow-system-access'], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try { await wd('GET', '/status'); break; } catch (e) { if (i > 50) throw e; await new Promise((r) => setTimeout(r, 200)); }
    }
    ({ sessionId: session } = await wd('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          // The run's own certificate for x.com (made by firefox-x.mjs).
          acceptInsecureCerts: true,
          'moz:firefoxOptions': {
            args: ['-headless', '-width', '1000', '-height', '900'],
            prefs: {
              'extensions.webextensions.uuids': JSON.stringify({ 'likeback@likeback.dev': UUID }),
              'intl.locale.requested': 'en-US',
              ...minix.prefs,
            },
          },
        },
      },
    }));
    await wd('POST', `/session/${session}/moz/addon/install`, { path: zip, temporary: true });
  });
  after(async () => {
    if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
    driver?.kill();
    minix?.close();
  });

  it('runs on x.com under X\'s CSP: WASM started, reposts collapsed', async () => {
    await openX('/home');
    const health = await until("return document.documentElement.getAttribute('data-lb-health')", 'the health');
    if (health !== 'ok') {
      // Why, as the content script reported it to the background.
      await openExtension('options.html');
      const why = await wd('POST', `/session/${session}/execute/async`, {
        script: 'const done = arguments[0]; (window.browser ?? window.chrome).storage.local.get("health").then((v) => done(JSON.stringify(v)), (e) => done(String(e)));',
        args: [],
      }).catch((e) => String(e));
      assert.fail(`health ${health} in Firefox: ${why}`);
    }
    const repost = homeEn.find((r) => r.kind === 'repost');
    const cell = await until(`const a = document.querySelector('article[data-testid="tweet"][data-lb-post="${repost.id}"]');
      const c = a && a.closest('[data-testid="cellInnerDiv"]');
      const bar = c && c.querySelector(':scope > [data-lb="repost-bar"]');
      return c && c.dataset.lbCollapsed && bar && { collapsed: c.dataset.lbCollapsed, kind: a.dataset.lbKind, bar: bar.textContent, articleShown: a.getClientRects().length > 0 }`, 'a collapsed repost');
    assert.equal(cell.kind, 'repost');
    assert.equal(cell.collapsed, 'true');
    assert.equal(cell.articleShown, false);
    assert.match(cell.bar, /reposted/);
  });

  it('tap.js passes X\'s notifications response from the page world: likes received', async () => {
    await openX('/notifications');
    assert.ok(minix.apiCalls.some((c) => c.op === 'notifications/all'), 'mini X fetched its notifications');
    const c = await counts('(t) => Number(t.match(/received: (\\d+)/)[1]) > 0');
    assert.ok(c.received > 0 && c.people > 0, JSON.stringify(c));
  });

  it('marks a friend\'s newest post, and a like clicked is recorded', async () => {
    // Friends over all time (the fixtures' likes are older than the default 7 days), imported
    // as a user restoring a backup.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-fx-')), 'likeback-known.json');
    fs.writeFileSync(file, JSON.stringify(knownLedger()));
    await openExtension('options.html');
    await until("return document.querySelector('input[data-lb=\"import\"]')", 'the import field');
    const input = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: 'input[data-lb="import"]' });
    await wd('POST', `/session/${session}/element/${Object.values(input)[0]}/value`, { text: file });
    await until("return /^Imported/.test(document.querySelector('[data-lb=\"import-status\"]')?.textContent)", 'the import');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await openX('/home');
    const mark = await until("const a = document.querySelector('article[data-lb-mark=\"newest-unliked\"]'); return a && { post: a.dataset.lbPost, author: a.dataset.lbAuthor }", 'a mark');
    assert.ok(mark.post && mark.author, JSON.stringify(mark));
    const before = await counts('(t) => true');
    await openX('/home');
    await until(`return !!document.querySelector('article[data-lb-post="${mark.post}"]')`, 'the marked post');
    const button = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: `article[data-lb-post="${mark.post}"] [data-testid="like"]` });
    await wd('POST', `/session/${session}/element/${Object.values(button)[0]}/click`, {});
    await until(`return document.querySelector('article[data-lb-post="${mark.post}"]')?.dataset.lbMark === 'caught-up'`, 'the mark turning to caught up');
    const after = await counts(`(t) => Number(t.match(/given: (\\d+)/)[1]) > ${before.given}`);
    assert.equal(after.given, before.given + 1);
  });
});
