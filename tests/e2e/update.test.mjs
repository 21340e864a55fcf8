// Updates keep data: each previous release's package (tests/fixtures/releases/, the Chrome zips
// exactly as built from their commits) is installed, learns likes while browsing mini X, gets a
// setting changed on its options page and a team, then this build is installed over it (same
// profile, same extension id: what Chrome does when it updates an extension) and must find every
// like, the settings, the team and "me" as they were, and start: health ok on X, the options
// page showing the same counts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, REPO_ROOT } from './harness.mjs';
import { homeEn, notificationsEn } from '../fixtures/x/scenarios.mjs';
import { health, settled, ledger, waitLedger, chooseMode, importExport, pairs } from './lb.mjs';

// The releases users have had, oldest first: each is updated to this build in a profile of its
// own (users may skip a release). Add each published release here.
const RELEASES = ['0.1.0', '0.2.0'];
// Settings added in 0.3.0: a store from before has none of them, they come with their defaults.
const ADDED_IN_030 = { round_order: 'most_owed', hide_last_seen: false };
const before030 = (release) => {
  const [major, minor] = release.split('.').map(Number);
  return major === 0 && minor < 3;
};
const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'extension/manifest.json'), 'utf8')).version;
const NEW = path.join(REPO_ROOT, `dist/likeback-chrome-${version}.zip`);
const COUNTS = /^Likes received: \d+ · likes given: \d+ · people: \d+$/;

/** The options page's counts line, once it shows them. */
async function shownCounts(x) {
  const options = await x.openExtensionPage('options.html');
  await options.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-lb="counts"]')?.textContent ?? ''), COUNTS.source);
  const text = await options.locator('[data-lb="counts"]').textContent();
  await options.close();
  return text;
}

/**
 * Unpacks a package into dir (python3's zipfile: no unzip needed) with the manifest `key` given:
 * the same key gives both versions the same extension id, hence the same storage, as the store
 * does. Each version gets its own folder, as Chrome keeps one per installed version: the
 * service worker's scripts are then registered anew, not taken from its cache.
 */
function unpack(zip, dir, key) {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, dir]);
  const file = path.join(dir, 'manifest.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), key }, null, 2));
}

for (const release of RELEASES) {
  const OLD = path.join(REPO_ROOT, `tests/fixtures/releases/likeback-chrome-${release}.zip`);
  const missing = [OLD, NEW].filter((f) => !fs.existsSync(f));
  describe(`An update from ${release} keeps every like, setting and team`, { skip: missing.length ? `not built: ${missing.join(', ')}` : false }, () => {
    let dir;
    let profile;
    // A public key in the form the store puts in a package's manifest.
    const key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    let x;
    let old;
    let oldId;
    let oldCounts;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-update-'));
      profile = path.join(dir, 'profile');
      fs.mkdirSync(profile);
    });
    after(async () => {
      await x?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it(`${release} learns likes, a setting and a team`, async () => {
      const extDir = path.join(dir, release);
      unpack(OLD, extDir, key);
      x = await launch({ extension: extDir, profile });
      oldId = x.extensionId;
      assert.equal(await x.serviceWorker.evaluate(() => chrome.runtime.getManifest().version), release);
      const { options } = await importExport(x, { team: [{ name: 'Dev', members: ['aoi_dev', 'kenji_k', 'neko_news'] }] });
      const page = await x.open('/home');
      assert.equal(await health(page), 'ok');
      await settled(page);
      const aoi = homeEn[0];
      const article = page.locator(`article[data-testid="tweet"]:has(a[href$="/status/${aoi.id}"] time)`).first();
      await article.locator('[data-testid="like"]').first().click();
      await x.open('/notifications');
      const notified = new Set(notificationsEn.filter((n) => n.kind === 'like').flatMap((n) => pairs(n.from, n.post)));
      await waitLedger(x, (l) => l.given.has(`aoi_dev|${aoi.id}`) && l.received.size >= notified.size, `likes learned by ${release}`);
      await chooseMode(options, 'search', 'hide');
      old = (await ledger(x)).file;
      assert.equal(old.settings.modes.search, 'hide');
      assert.deepEqual(old.team.map((t) => t.name), ['Dev']);
      assert.ok(old.events.length > notified.size);
      oldCounts = await shownCounts(x);
      await x.close();
      x = null;
    });

    it(`${version} installed over it finds them all`, async () => {
      assert.ok(old, 'the previous release ran');
      const extDir = path.join(dir, version);
      unpack(NEW, extDir, key);
      // A store update installs the new version and registers its service worker anew. Loading a
      // new folder from the command line at start-up does not: Chrome would run the cached worker
      // of the old release (its glue) against this build's WASM. Removing the worker's cache (not
      // the extension's storage, which is in "Local Extension Settings") gives the start a store
      // update makes.
      fs.rmSync(path.join(profile, 'Default', 'Service Worker'), { recursive: true, force: true });
      x = await launch({ extension: extDir, profile });
      assert.equal(x.extensionId, oldId, 'the same extension, updated');
      assert.equal(await x.serviceWorker.evaluate(() => chrome.runtime.getManifest().version), version);
      // (The new background may still be starting: asked again until it answers.)
      const now = (await waitLedger(x, (l) => l.file.events.length >= old.events.length, 'the kept likes')).file;
      const eventKey = (e) => `${e.type}|${e.who}|${e.post}|${e.at}`;
      assert.deepEqual(now.events.map(eventKey).sort(), old.events.map(eventKey).sort(), 'every like, with its time');
      // Every setting kept; settings added since come with their defaults.
      for (const key of Object.keys(old.settings)) assert.deepEqual(now.settings[key], old.settings[key], key);
      const added = Object.keys(ADDED_IN_030).filter((key) => !(key in old.settings));
      if (before030(release)) assert.deepEqual(added, Object.keys(ADDED_IN_030), `${release} had no settings of 0.3.0`);
      for (const key of added) assert.deepEqual(now.settings[key], ADDED_IN_030[key], `${key}: its default`);
      assert.deepEqual(now.team, old.team);
      assert.equal(now.me, old.me);
      assert.deepEqual(now.names, old.names);
      // And the new version starts with what was kept: X's page works, the counts are the same.
      const page = await x.open('/home');
      assert.equal(await health(page), 'ok');
      assert.equal(await shownCounts(x), oldCounts);
    });
  });
}
