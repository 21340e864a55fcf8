// Faults in the background's storage, and who may talk to it: nothing acknowledged is lost
// when a write fails, a newer data layout is left alone, a content script cannot use the admin
// messages, and backups work at 1,000,000 events.
//
// Each test fails against a build without the matching fix (set LB_EXTENSION to another
// extension folder to run these against it).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './harness.mjs';
import { homeEn, ME } from '../fixtures/x/scenarios.mjs';
import { snowflake } from '../fixtures/x/entries.mjs';
import { health, settled, ask, ledger, waitLedger } from './lb.mjs';

const start = (options) => launch({ lang: 'en', ...options, ...(process.env.LB_EXTENSION ? { extension: process.env.LB_EXTENSION } : {}) });

/** Clicks a post's like button as a user would; the post's article is found by its permalink. */
async function clickLike(page, id) {
  const article = page.locator(`article[data-testid="tweet"]:has(a[href$="/status/${id}"] time)`).first();
  await article.scrollIntoViewIfNeeded();
  await article.locator('[data-testid="like"], [data-testid="unlike"]').first().click();
}

/** The extension's service worker as it is now (a restart makes a new one). */
async function worker(x) {
  const find = () => x.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${x.extensionId}/`));
  return find() ?? x.context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${x.extensionId}/`) });
}

/**
 * Makes the service worker's next `storage.local.set` whose keys match `pattern` fail, as a
 * full disk or a browser shutting down would. `self.__lbFailed` counts the failures.
 */
async function failNextSet(x, pattern) {
  const sw = await worker(x);
  await sw.evaluate((source) => {
    const match = new RegExp(source);
    const area = chrome.storage.local;
    const set = self.__lbRealSet ?? area.set.bind(area);
    self.__lbRealSet = set;
    self.__lbFailed = 0;
    let armed = true;
    area.set = (items, ...rest) => {
      if (armed && Object.keys(items).some((k) => match.test(k))) {
        armed = false;
        self.__lbFailed++;
        return Promise.reject(new Error('injected failure: the disk is full'));
      }
      return set(items, ...rest);
    };
  }, pattern.source);
}

const failed = async (x) => (await worker(x)).evaluate(() => self.__lbFailed ?? 0);

/** Stops the service worker (Chrome restarts it on the next message), as MV3 does when idle. */
async function restartWorker(x) {
  const options = await x.openExtensionPage('options.html');
  const cdp = await x.context.newCDPSession(options);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await options.close();
  x.__lbPage = null;
}

/** Everything in `storage.local`, read by an extension page. */
async function storageSnapshot(x) {
  const page = await x.openExtensionPage('popup.html');
  const all = await page.evaluate(() => chrome.storage.local.get(null));
  await page.close();
  return all;
}

describe('A storage write that fails once, then a restart', () => {
  let x;
  before(async () => { x = await start(); });
  after(async () => { await x?.close(); });

  it('a like whose first write failed is stored by the retry and survives the restart', async () => {
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    // What the page showed liked is stored first, so that only the click is in flight.
    await waitLedger(x, (l) => l.given.has(`sora_w|${homeEn[2].id}`), 'posts seen liked');
    await failNextSet(x, /^log:/);
    const post = homeEn[0].id;
    await clickLike(page, post);
    await waitLedger(x, (l) => l.given.has(`aoi_dev|${post}`), 'the like, after the retry');
    assert.equal(await failed(x), 1, 'the first write failed');
    // The tab goes away (nothing could send the like again), then the worker restarts: only
    // what is stored is left.
    await page.close();
    await restartWorker(x);
    const l = await waitLedger(x, (l) => l.given.has(`aoi_dev|${post}`), 'the like, after the restart');
    assert.ok(l.given.has(`aoi_dev|${post}`));
  });
});

describe('An import whose write fails, then likes, then a restart', () => {
  let x;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-faults-'));
  before(async () => { x = await start(); });
  after(async () => { await x?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('the failed import changes nothing, and likes learned after it are kept', async () => {
    const page = await x.open('/home');
    await settled(page);
    await waitLedger(x, (l) => l.given.has(`sora_w|${homeEn[2].id}`), 'posts seen liked');
    const before = await ledger(x);
    const at = Date.now() - 3_600_000;
    const file = path.join(dir, 'backup.json');
    fs.writeFileSync(file, JSON.stringify({
      format: 'likeback', version: 1, exported_at: new Date().toISOString(), me: ME, settings: null, team: [],
      events: [{ type: 'received', who: 'kenji_k', post: snowflake(at - 3_600_000, 1), at: new Date(at).toISOString() }],
    }));
    await failNextSet(x, /^log:/);
    const options = await x.openExtensionPage('options.html');
    await options.waitForSelector('input[data-lb="import"]');
    await options.locator('input[data-lb="import"]').setInputFiles(file);
    await options.waitForFunction(() => /Not imported/.test(document.querySelector('[data-lb="import-status"]')?.textContent ?? ''));
    assert.match(await options.locator('[data-lb="import-status"]').textContent(), /disk is full/);
    assert.equal(await failed(x), 1);
    const unchanged = await ledger(x);
    assert.equal(unchanged.file.events.length, before.file.events.length, 'the import is not in the ledger');

    // A like learned after the failed import is stored where the next start reads it.
    await page.bringToFront();
    const post = homeEn[0].id;
    await clickLike(page, post);
    await waitLedger(x, (l) => l.given.has(`aoi_dev|${post}`), 'the like');
    await page.close();
    await restartWorker(x);
    const l = await waitLedger(x, (l) => l.given.has(`aoi_dev|${post}`), 'the like, after the restart');
    assert.equal(l.file.events.length, before.file.events.length + 1);
    assert.ok(!l.received.has(`kenji_k|${JSON.parse(fs.readFileSync(file, 'utf8')).events[0].post}`));
  });
});

/** Evaluates `expression` in the content script's isolated world of `page` (Chromium, CDP). */
async function inContentScript(x, page, expression) {
  const cdp = await x.context.newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.origin?.startsWith('chrome-extension://') || c.name === 'Likeback' || (c.auxData?.type === 'isolated' && c.auxData?.isDefault === false && c.name !== ''));
  assert.ok(world, `the content script's world among ${contexts.map((c) => `${c.name}|${c.origin}|${c.auxData?.type}`).join(', ')}`);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

describe('Who may talk to the background', () => {
  let x;
  before(async () => { x = await start(); });
  after(async () => { await x?.close(); });

  it('a content script may send what it learns, but no admin message', async () => {
    const page = await x.open('/home');
    await settled(page);
    const before = await waitLedger(x, (l) => l.given.has(`sora_w|${homeEn[2].id}`), 'posts seen liked');
    const send = (m) => inContentScript(x, page, `chrome.runtime.sendMessage(${JSON.stringify(m)})`);
    for (const m of [
      { type: 'set_me', me: 'mallory' },
      { type: 'reset' },
      { type: 'export' },
      { type: 'import', text: JSON.stringify({ format: 'likeback', version: 1, events: [] }) },
      { type: 'set_teams', teams: [] },
      { type: 'status' },
    ]) {
      const reply = await send(m);
      assert.equal(reply.ok, false, m.type);
      assert.match(reply.error, /refused: .* only from Likeback's own pages/, m.type);
      assert.equal(reply.text ?? null, null, `${m.type}: nothing read`);
    }
    // Ports too: no file leaves through one opened by a content script.
    const portReply = await inContentScript(x, page, `new Promise((resolve) => {
      const port = chrome.runtime.connect({ name: 'likeback-export' });
      const parts = [];
      port.onMessage.addListener((m) => { if (m.part) parts.push(m.part); if (m.reply) resolve({ reply: m.reply, parts: parts.length }); });
      port.onDisconnect.addListener(() => resolve({ parts: parts.length, gone: true }));
    })`);
    assert.equal(portReply.parts, 0);
    assert.equal(portReply.reply?.ok ?? false, false);
    // What it learns is still taken.
    const learned = await send({ type: 'learn', events: [{ type: 'given', who: 'aoi_dev', post: homeEn[0].id, at: Date.now() }] });
    assert.equal(learned.ok, true);
    const after = await waitLedger(x, (l) => l.given.has(`aoi_dev|${homeEn[0].id}`), 'the learned like');
    assert.equal(after.file.me, ME, '"me" unchanged');
    assert.equal(after.file.events.length, before.file.events.length + 1, 'nothing reset');
    // The extension's own pages keep every message.
    assert.equal((await ask(x, { type: 'status' })).ok, true);
  });
});

describe('A store written by a newer Likeback', () => {
  let x;
  const NEWER = { schema: 99, me: 'hana_lb', me_by_user: false, log_gen: 0, shape: { of: 'the future' } };
  before(async () => { x = await start(); });
  after(async () => { await x?.close(); });

  it('is opened read-only: it says so, writes nothing, and keeps what the page learns for later', async () => {
    // The newer Likeback's data: its meta, a log chunk and a key this build does not know.
    const sw = await worker(x);
    await sw.evaluate((meta) => chrome.storage.local.clear().then(() => chrome.storage.local.set({
      meta, 'log:0:0': '[["g","aoi_dev","2124641574715643671",1764000000000]]', 'future:index': { v: 2 },
    })), NEWER);
    await restartWorker(x);
    // The options page wakes the background, which reads the store.
    const options = await x.openExtensionPage('options.html');
    await options.waitForSelector('[data-lb="counts"]');
    const stored = await storageSnapshot(x);
    assert.deepEqual(stored.meta, NEWER, 'meta is left as the newer Likeback wrote it');
    await options.waitForSelector('[data-lb="read-only"]');
    assert.match(await options.locator('[data-lb="read-only"]').textContent(), /newer version of Likeback \(data layout 99\)/);
    await x.shot(options, 'read-only-options-en');
    // A setting changed on the page is not saved.
    await options.locator('fieldset[data-lb="mode"][data-lb-kind="lists"] input[data-lb-mode="show"]').check();
    await options.waitForFunction(() => /Could not save/.test(document.querySelector('[data-lb="status"]')?.textContent ?? ''));
    const popup = await x.openExtensionPage('popup.html');
    await popup.waitForSelector('[data-lb="read-only"]');
    await x.shot(popup, 'read-only-popup-en');

    // An X page: what it learns is answered "not stored", so its content script keeps it.
    const page = await x.open('/home');
    await settled(page);
    await clickLike(page, homeEn[0].id);
    const refused = await ask(x, { type: 'learn', events: [{ type: 'given', who: 'aoi_dev', post: homeEn[0].id, at: Date.now() }] });
    assert.equal(refused.ok, false);
    assert.match(refused.error, /read-only/);
    const now = await storageSnapshot(x);
    assert.deepEqual(now, stored, 'nothing written, nothing overwritten');
    assert.deepEqual(now.meta, NEWER);
    assert.deepEqual(now['future:index'], { v: 2 });

    // Likeback is updated (here: the layout is brought back to one this build reads); the tab
    // still holds what it learned and hands it over.
    await (await worker(x)).evaluate(() => chrome.storage.local.set({ meta: { schema: 1, me: 'hana_lb', me_by_user: false, log_gen: 0 } }));
    await restartWorker(x);
    const l = await waitLedger(x, (l) => l.given.has(`aoi_dev|${homeEn[0].id}`), 'the like kept by the tab', 30_000);
    assert.ok(l.given.has('aoi_dev|2124641574715643671'), 'the stored log was kept');
  });

  it('says so in Japanese', async () => {
    const y = await launch({ lang: 'ja', ...(process.env.LB_EXTENSION ? { extension: process.env.LB_EXTENSION } : {}) });
    try {
      await (await worker(y)).evaluate((meta) => chrome.storage.local.set({ meta }), NEWER);
      await restartWorker(y);
      const options = await y.openExtensionPage('options.html');
      await options.waitForSelector('[data-lb="read-only"]');
      assert.match(await options.locator('[data-lb="read-only"]').textContent(), /新しいバージョンのLikebackで保存されています（データ形式 99）/);
      const popup = await y.openExtensionPage('popup.html');
      await popup.waitForSelector('[data-lb="read-only"]');
      await y.shot(popup, 'read-only-popup-ja');
    } finally {
      await y.close();
    }
  });
});
