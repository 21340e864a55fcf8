// The first five minutes (issue 15): a fresh profile with no data. The welcome page opens on
// install (and not after an update or a restart), every page shows its designed empty state
// and nothing reads as an error; the first visit to x.com turns the popup to "Ready".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, withX, EXTENSION_DIR, SCREENSHOT_DIR } from './harness.mjs';
import { health, ask, waitLedger } from './lb.mjs';

/** A message of extension/_locales, with $1… filled in (the tests follow the locale files). */
function msg(lang, name, ...subs) {
  const all = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, `_locales/${lang}/messages.json`), 'utf8'));
  const m = all[name];
  assert.ok(m, `${lang}/${name} exists`);
  return m.message.replace(/\$([A-Z_]+)\$/g, (_, p) => {
    const content = m.placeholders[p.toLowerCase()].content;
    return subs[Number(content.slice(1)) - 1];
  });
}

// What would read as a fault: error words, a number that is not one, or a _locales message name
// shown instead of its text (t() falls back to the name).
const ERROR_WORDS = /could not|cannot|can't|error|fail|unavailable|unreadable|undefined|NaN|\bnull\b|できませんでした|できません|エラー|失敗/i;
const MESSAGE_NAME = /\b[a-z]+(?:[A-Z][a-z0-9]+)+\b/;

async function noErrorText(page, what) {
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(text.trim().length > 0, `${what}: the page shows something`);
  assert.doesNotMatch(text, ERROR_WORDS, `${what} reads as an error:\n${text}`);
  assert.doesNotMatch(text, MESSAGE_NAME, `${what} shows a message name:\n${text}`);
}

/** The whole page, for the pages longer than the window. */
async function fullShot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The popup as the browser shows it: 360 px wide. */
async function openPopup(x) {
  const popup = await x.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 360, height: 480 });
  await popup.waitForSelector('footer [data-lb="health"]');
  return popup;
}

async function showPart(options, part) {
  await options.locator(`[data-lb="nav-${part}"]`).click();
  await options.waitForFunction((p) => !document.querySelector(`[data-lb="part-${p}"]`).hidden, part);
}

describe('First run: a fresh install', () => {
  for (const lang of ['en', 'ja']) {
    it(`${lang}: greets with the welcome page; every page shows its empty state and no error`, async () => {
      await withX({ lang, keepWelcome: true }, async (x) => {
        // The welcome page, opened by the install itself.
        assert.ok(x.welcome, 'the welcome page opened on install');
        const welcome = x.welcome;
        await welcome.waitForSelector('[data-lb="welcome"]');
        assert.ok((await welcome.evaluate(() => document.documentElement.lang)).startsWith(lang));
        assert.equal(await welcome.title(), msg(lang, 'welcomeTitle'));
        const steps = await welcome.$$eval('[data-lb="welcome-step"]', (ls) => ls.map((l) => ({
          step: l.dataset.lbStep,
          picture: !!l.querySelector('svg.pic[role="img"][aria-label]') && l.querySelector('svg.pic').getBoundingClientRect().height > 100,
          title: l.querySelector('h3').textContent,
        })));
        assert.deepEqual(steps, [
          { step: 'notifications', picture: true, title: msg(lang, 'welcomeStep1Title') },
          { step: 'likes-list', picture: true, title: msg(lang, 'welcomeStep2Title') },
          { step: 'marks', picture: true, title: msg(lang, 'welcomeStep3Title') },
        ]);
        assert.equal(await welcome.locator('[data-lb="welcome-pin"] p').textContent(), msg(lang, 'welcomePin'));
        assert.equal(await welcome.locator('[data-lb="welcome-pin"] svg.pic').count(), 1);
        const never = await welcome.locator('[data-lb="welcome-never"] li').allTextContents();
        assert.ok(never.includes(msg(lang, 'welcomeNeverRequests')) && never.includes(msg(lang, 'welcomeNeverLikes')));
        assert.equal(await welcome.locator('[data-lb="welcome-options"]').getAttribute('href'), 'options.html');
        // The icons inside the pictures are the extension's own files.
        assert.ok(await welcome.$$eval('svg image', (is) => is.length > 0 && is.every((i) => !/^https?:/.test(i.getAttribute('href')))));
        await noErrorText(welcome, 'the welcome page');
        await fullShot(welcome, `welcome-${lang}`);

        // The background answers the options page's Status with figures that exist only.
        const status = await ask(x, { type: 'status' });
        assert.equal(status.ok, true, JSON.stringify(status));
        assert.equal(status.status.record_ms, null);
        assert.equal(status.status.received, 0);

        // The popup: nothing learned, X never visited.
        const popup = await openPopup(x);
        await popup.waitForSelector('[data-lb="empty"]');
        assert.equal(await popup.locator('[data-lb="empty"]').getAttribute('data-lb-step'), 'open-x');
        assert.equal(await popup.locator('[data-lb="empty-headline"]').textContent(), msg(lang, 'healthUnknown'));
        assert.equal(await popup.locator('[data-lb="owed"]').count(), 0);
        assert.equal(await popup.locator('[data-lb="ready"]').count(), 0, 'no second instruction');
        assert.equal(await popup.locator('[data-lb="health"]').textContent(), msg(lang, 'healthNotYet'));
        await noErrorText(popup, 'the popup');
        await x.shot(popup, `first-popup-${lang}`);
        // "How Likeback works" opens the welcome page again, in a tab of its own.
        const [guide] = await Promise.all([
          x.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/welcome.html') }),
          popup.locator('[data-lb="open-welcome"]').click(),
        ]);
        await guide.waitForSelector('[data-lb="welcome"]');
        await guide.close();

        // The options page, each part.
        const options = await x.openExtensionPage('options.html');
        await options.waitForSelector('[data-lb="counts"]');
        assert.equal(await options.locator('[data-lb="counts"]').textContent(), msg(lang, 'dataCounts', '0', '0', '0'));
        assert.ok(await options.locator('[data-lb="data-empty"]').isVisible());
        assert.equal(await options.locator('[data-lb="me-status"]').textContent(), msg(lang, 'meUnknown'));
        await noErrorText(options, 'Settings');
        await fullShot(options, `first-options-settings-${lang}`);

        await showPart(options, 'team');
        assert.ok(await options.locator('[data-lb="teams-empty"]').isVisible());
        await noErrorText(options, 'Teams');
        await x.shot(options, `first-options-teams-${lang}`);

        await showPart(options, 'insights');
        await options.waitForSelector('[data-lb="insights-missing"][data-lb-posts="0"]');
        assert.equal(await options.locator('[data-lb="insights-missing"]').textContent(), msg(lang, 'insightsNone', '3'));
        await noErrorText(options, 'Insights');
        await x.shot(options, `first-options-insights-${lang}`);

        // The welcome page is reachable again from the options page.
        await options.locator('[data-lb="open-welcome"]').click();
        await options.waitForSelector('[data-lb="welcome"]');
        assert.ok(options.url().endsWith('/welcome.html'));

        assert.deepEqual(x.pageErrors, []);
        assert.deepEqual(x.console.filter((m) => m.type === 'error'), []);
        assert.deepEqual(x.outside(), [], 'no request left the machine');
      });
    });
  }

  it('the first visit to x.com: "Ready", a team\'s round before any post, then the notifications fill the popup', async () => {
    await withX({ lang: 'en' }, async (x) => {
      assert.equal(x.welcome, null, 'the harness closed the welcome page');
      const home = await x.open('/home');
      assert.equal(await health(home), 'ok');
      // "me" is known once the content script has seen X's page.
      for (let i = 0; ; i++) {
        const reply = await ask(x, { type: 'status' });
        if (reply.status?.me === 'hana_lb') break;
        assert.ok(i < 100, 'me became known');
        await new Promise((r) => setTimeout(r, 100));
      }
      const popup = await openPopup(x);
      await popup.waitForSelector('[data-lb="empty"]');
      assert.equal(await popup.locator('[data-lb="empty"]').getAttribute('data-lb-step'), 'open-notifications');
      assert.equal(await popup.locator('[data-lb="empty-headline"]').textContent(), msg('en', 'emptyReady'));
      // Home showed posts liked already (likes given), yet nothing to return: no "all caught up".
      assert.equal(await popup.locator('[data-lb="owed-total"]').count(), 0);
      assert.equal(await popup.locator('[data-lb="health"]').getAttribute('data-lb-health'), 'ok');
      await noErrorText(popup, 'the popup, ready');
      await x.shot(popup, 'first-popup-ready-en');
      await popup.close();

      // A new team, first without members, then with one whose posts were never seen.
      const options = await x.openExtensionPage('options.html');
      await options.waitForSelector('[data-lb="nav-team"]');
      await showPart(options, 'team');
      await options.locator('[data-lb="new-team-name"]').fill('Design');
      await options.locator('[data-lb="new-team"]').click();
      await options.waitForSelector('[data-lb="team"][data-lb-team="Design"] [data-lb="members-empty"]');
      assert.equal(await options.locator('[data-lb="teams-empty"]').count(), 0);
      await noErrorText(options, 'Teams, a new team');
      await x.shot(options, 'first-options-team-new-en');
      await options.locator('[data-lb="add-member"]').fill('neko_news');
      await options.locator('[data-lb="add-member-button"]').click();
      await options.waitForSelector('[data-lb="member"][data-lb-handle="neko_news"]');

      const round = await openPopup(x);
      await round.locator('[data-lb="tab-round"]').click();
      await round.waitForSelector('[data-lb="round-empty"]');
      assert.equal(await round.locator('[data-lb="round-empty"]').textContent(), msg('en', 'roundNoneSeen'));
      assert.equal(await round.locator('[data-lb="round-done"]').count(), 0);
      await noErrorText(round, 'the round');
      await x.shot(round, 'first-popup-round-en');
      await round.close();

      // The notifications: who liked my posts. The popup now lists who is waiting.
      await x.open('/notifications');
      await waitLedger(x, (l) => l.received.has('aoi_dev|2124725880224904851'), 'the likes of the notifications');
      // (The summary the popup reads follows the ledger a moment later.)
      await x.serviceWorker.evaluate(() => new Promise((resolve) => {
        const check = () => chrome.storage.local.get('summary').then(({ summary }) => (
          summary && JSON.parse(summary).received > 0 ? resolve() : setTimeout(check, 50)));
        check();
      }));
      const filled = await openPopup(x);
      // The owed view (the fixtures' likes may be older than the counting window: then
      // "all caught up", still not the first-run state).
      await filled.waitForSelector('[data-lb="owed-total"]');
      assert.equal(await filled.locator('[data-lb="empty"]').count(), 0);
      await noErrorText(filled, 'the popup, filled');
      assert.deepEqual(x.pageErrors, []);
    });
  });

  it('the welcome page opens on install, not after an update, nor when the browser starts again', async () => {
    // A copy of the extension whose version can be raised, in a profile kept across launches.
    const ext = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-ext-'));
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-profile-'));
    fs.cpSync(EXTENSION_DIR, ext, { recursive: true });
    const manifestFile = path.join(ext, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const first = manifest.version;
    const next = first.replace(/\d+$/, (n) => String(Number(n) + 1));
    const welcomes = (x) => x.context.pages().filter((p) => p.url().endsWith('/welcome.html')).length;
    /** The background's record of the last install event, read from an extension page. */
    const installed = async (x, ok, what) => {
      const page = await x.context.newPage();
      try {
        for (let i = 0; ; i++) {
          // While the extension reloads, its pages are refused for a moment.
          const record = await page.goto(`chrome-extension://${x.extensionId}/popup.html`)
            .then(() => page.evaluate(async () => ({
              ...(await chrome.storage.local.get('installed')).installed,
              version: chrome.runtime.getManifest().version,
            })))
            .catch(() => null);
          if (record && ok(record)) return record;
          assert.ok(i < 100, `timed out waiting for ${what}: ${JSON.stringify(record)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await page.close();
      }
    };
    try {
      let x = await launch({ extension: ext, profile, keepWelcome: true });
      let record;
      try {
        assert.ok(x.welcome, 'the welcome page opened on install');
        record = await installed(x, (r) => r.reason === 'install', 'the install');
        assert.equal(typeof record.welcomed_at, 'number');
        assert.equal(record.version, first);
        await x.welcome.close();

        // An update, as the browser makes it: a new version of the files, the extension
        // reloaded in place (chrome://extensions' Reload, in developer mode as for any
        // unpacked extension). Chromium then says "update".
        fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: next }, null, 2));
        const admin = await x.context.newPage();
        await admin.goto('chrome://extensions/');
        await admin.evaluate(() => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
        await admin.evaluate((id) => chrome.developerPrivate.reload(id, { failQuietly: false }), x.extensionId);
        const updated = await installed(x, (r) => r.reason === 'update', 'the update');
        assert.equal(updated.version, next);
        assert.equal(updated.previous_version, first);
        assert.equal(updated.welcomed_at, record.welcomed_at);
        assert.equal(welcomes(x), 0, 'no welcome page after the update');
        record = updated;
      } finally {
        await x.close();
      }

      // The browser starts again with the same profile: Chromium calls a --load-extension
      // extension "installed" at every start; the profile was welcomed already.
      x = await launch({ extension: ext, profile });
      try {
        const again = await installed(x, (r) => r.at > record.at, 'the next start');
        assert.equal(again.reason, 'install');
        assert.equal(again.welcomed_at, record.welcomed_at);
        assert.equal(welcomes(x), 0, 'no welcome page on a restart');
      } finally {
        await x.close();
      }
    } finally {
      fs.rmSync(ext, { recursive: true, force: true });
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
});
