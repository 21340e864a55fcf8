// Likeback in Firefox: the packaged Firefox build (dist/likeback-firefox-*.zip) installed into
// Debian's firefox-esr through geckodriver (plain WebDriver, no extra npm package). Checks what
// only Firefox can break: the event-page background as an ES module, the `browser` namespace,
// WebAssembly in extension pages, storage, and messaging between them. (X's pages in Firefox:
// firefox-x.test.mjs.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, REPO_ROOT } from './harness.mjs';
import { knownLedger, OWED } from './known-ledger.mjs';
import os from 'node:os';

const which = (cmd) => { try { return execFileSync('which', [cmd], { encoding: 'utf8' }).trim(); } catch { return null; } };
const firefox = which('firefox-esr') ?? which('firefox');
const geckodriver = which('geckodriver') ?? [path.join(os.homedir(), '.cargo/bin/geckodriver')].find((p) => fs.existsSync(p));
const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'extension/manifest.json'), 'utf8')).version;
const zip = path.join(REPO_ROOT, `dist/likeback-firefox-${version}.zip`);
const missing = [!firefox && 'firefox-esr', !geckodriver && 'geckodriver', !fs.existsSync(zip) && zip].filter(Boolean);
// A fixed internal address for the add-on, so that its pages can be opened by URL.
const UUID = '6b0e6c2e-4a5b-4c8f-9d1e-1c1b1e0f1a2b';
// geckodriver's port, free when each suite starts it.
let PORT = 0;

async function wd(method, url, body) {
  const res = await fetch(`http://127.0.0.1:${PORT}${url}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const json = await res.json();
  if (json.value && json.value.error) throw new Error(`${json.value.error}: ${json.value.message}`);
  return json.value;
}

describe('Likeback in Firefox', { skip: missing.length ? `not available: ${missing.join(', ')}` : false }, () => {
  let driver;
  let session;
  let dir;
  let welcomeTitle;
  const run = (script, args = []) => wd('POST', `/session/${session}/execute/sync`, { script, args });
  // WebDriver may not navigate to an add-on's page itself; Firefox's own chrome can.
  let opened = 0;
  const open = async (name) => {
    const page = `moz-extension://${UUID}/${name}?${++opened}`;
    await wd('POST', `/session/${session}/moz/context`, { context: 'chrome' });
    await wd('POST', `/session/${session}/execute/sync`, {
      script: 'gBrowser.selectedBrowser.loadURI(Services.io.newURI(arguments[0]), { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });',
      args: [page],
    });
    await wd('POST', `/session/${session}/moz/context`, { context: 'content' });
    // (The options page adds the part it shows to the address: #settings.)
    await until(`return location.href.split("#")[0] === ${JSON.stringify(page)} && document.readyState === "complete"`, name);
  };
  const until = async (script, what, timeout = 15_000) => {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await run(script).catch(() => null);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-firefox-'));
    // System access: the test opens the add-on's pages through Firefox's own chrome.
    PORT = await freePort();
  driver = spawn(geckodriver, ['--port', String(PORT), '--binary', firefox, '--allow-system-access'], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try { await wd('GET', '/status'); break; } catch (e) { if (i > 50) throw e; await new Promise((r) => setTimeout(r, 200)); }
    }
    ({ sessionId: session } = await wd('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          'moz:firefoxOptions': {
            args: ['-headless'],
            prefs: { 'extensions.webextensions.uuids': JSON.stringify({ 'likeback@likeback.dev': UUID }), 'intl.locale.requested': 'en-US' },
          },
        },
      },
    }));
    const first = await wd('GET', `/session/${session}/window`);
    await wd('POST', `/session/${session}/moz/addon/install`, { path: zip, temporary: true });
    // Installing opens Likeback's welcome page in a tab of its own (core::first_run): read it,
    // close it, and go on in the first tab, the one the tests drive.
    let welcome;
    for (let i = 0; !welcome; i++) {
      welcome = (await wd('GET', `/session/${session}/window/handles`)).find((h) => h !== first);
      if (welcome) break;
      if (i > 75) throw new Error('no welcome page after the install');
      await new Promise((r) => setTimeout(r, 200));
    }
    await wd('POST', `/session/${session}/window`, { handle: welcome });
    welcomeTitle = await until("return location.href.endsWith('/welcome.html') && document.querySelector('[data-lb=\"welcome\"] h1')?.textContent", 'the welcome page');
    await wd('DELETE', `/session/${session}/window`);
    await wd('POST', `/session/${session}/window`, { handle: first });
  });
  after(async () => {
    if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
    driver?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installing opens the welcome page, built by its WASM', async () => {
    assert.equal(welcomeTitle, 'Welcome to Likeback');
  });

  it('the options page starts its WASM and the background answers it', async () => {
    await open('options.html');
    const counts = await until("return document.querySelector('[data-lb=\"counts\"]')?.textContent", 'the counts');
    assert.equal(counts, 'Likes received: 0 · likes given: 0 · people: 0');
    const kinds = await run("return [...document.querySelectorAll('fieldset[data-lb=\"mode\"]')].map((f) => f.dataset.lbKind)");
    assert.deepEqual(kinds, ['home_for_you', 'home_following', 'lists', 'profiles', 'search']);
  });

  it('an import is stored by the background and the popup lists who is owed', async () => {
    const file = path.join(dir, 'likeback-known.json');
    fs.writeFileSync(file, JSON.stringify(knownLedger()));
    await open('options.html');
    await until("return document.querySelector('input[data-lb=\"import\"]')", 'the import field');
    const input = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: 'input[data-lb="import"]' });
    const id = Object.values(input)[0];
    await wd('POST', `/session/${session}/element/${id}/value`, { text: file });
    const status = await until("const t = document.querySelector('[data-lb=\"import-status\"]')?.textContent; return /Imported|Not imported/.test(t) && t", 'the import');
    assert.match(status, /^Imported: \d+ new likes added\.$/);
    await open('popup.html');
    const rows = await until("const r = [...document.querySelectorAll('[data-lb=\"owed\"]')].map((e) => [e.dataset.lbHandle, Number(e.dataset.lbOwed)]); return r.length && r", 'the popup list');
    assert.deepEqual(rows, OWED);
    assert.equal(await run("return document.querySelector('[data-lb=\"owed-total\"]').textContent"), '7');
  });
});
