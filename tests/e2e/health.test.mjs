// Knowing when X changes (issue 9, item 7): health per source in the popup, a warning when a
// source stops answering, and a problem report that carries nothing private.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { ME } from '../fixtures/x/scenarios.mjs';
import { health, settled } from './lb.mjs';
import { importKnownLedger } from './known-ledger.mjs';

/**
 * Opens the popup and reopens it until `selector` is in it: the popup reads storage once when
 * it opens, and the content script reports what each source yielded about once a second.
 */
async function popupWith(x, selector, timeout = 15_000) {
  const popup = await x.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 360, height: 600 });
  const until = Date.now() + timeout;
  for (;;) {
    await popup.waitForSelector('[data-lb="health-sources"]');
    if (await popup.locator(selector).count()) return popup;
    if (Date.now() > until) {
      const line = await popup.locator('[data-lb="health-sources"]').textContent();
      throw new Error(`popup never showed ${selector}; it shows: ${line}`);
    }
    await popup.waitForTimeout(250);
    await popup.reload();
  }
}

const sourceState = (popup) => popup.$$eval('[data-lb="source"]', (s) => Object.fromEntries(s.map((e) => [e.dataset.lbSource, e.dataset.lbState])));

for (const lang of ['en', 'ja']) {
  describe(`Per-source health in the popup (${lang})`, () => {
    let x;
    before(async () => {
      x = await launch({ lang });
      // People owed, so that the screenshot shows the popup as a user sees it.
      await importKnownLedger(x);
    });
    after(async () => { await x?.close(); });

    it('says which sources answered after visiting Home and the notifications', async () => {
      const home = await x.open('/home');
      assert.equal(await health(home), 'ok');
      await settled(home);
      const notifications = await x.open('/notifications');
      await notifications.waitForFunction(() => document.querySelector('[data-testid="cellInnerDiv"]'));
      const popup = await popupWith(x, '[data-lb-source="notifications"][data-lb-state="ok"]');
      await popup.waitForSelector('[data-lb-source="timeline"][data-lb-state="ok"]');
      const states = await sourceState(popup);
      assert.deepEqual(states, { timeline: 'ok', notifications: 'ok', likes: 'never' }, 'lists are shown once visited');
      const line = await popup.locator('[data-lb="sources"]').textContent();
      const words = lang === 'en'
        ? [/^Timeline ✓ (just now|\d+ min ago)/, / · Notifications ✓ /, / · Likes lists —$/]
        : [/^タイムライン ✓ (たった今|\d+分前)/, / · 通知 ✓ /, / · いいね一覧 —$/];
      for (const w of words) assert.match(line, w);
      assert.equal(await popup.locator('[data-lb="source-warning"]').count(), 0, 'no warning when every visited source answered');
      await x.shot(popup, `popup-health-${lang}`);
    });
  });
}

describe('A source that stops answering', () => {
  let x;
  before(async () => {
    // X's notifications come back empty, in both of the shapes X uses.
    x = await launch({
      lang: 'en',
      api: {
        'notifications/all': { globalObjects: { tweets: {}, users: {}, notifications: {} }, timeline: { id: 'empty', instructions: [] } },
        NotificationsTimeline: { data: {} },
      },
    });
  });
  after(async () => { await x?.close(); });

  it('is named in the popup after its page was opened three times with nothing read', async () => {
    for (let i = 1; i <= 3; i++) {
      const page = await x.open('/notifications');
      // Each visit has reached the background before the next one starts.
      const popup = await popupWith(x, `[data-lb-source="notifications"][data-lb-empty-visits="${i}"]`);
      if (i < 3) {
        assert.equal(await popup.locator('[data-lb="source-warning"]').count(), 0, `no warning after ${i} visits`);
        assert.equal((await sourceState(popup)).notifications, 'never');
      }
      await popup.close();
      await page.close();
    }
    const popup = await popupWith(x, '[data-lb="source-warning"][data-lb-source="notifications"]');
    assert.equal((await sourceState(popup)).notifications, 'warning');
    assert.match(await popup.locator('[data-lb="source-warning"]').textContent(), /^⚠ Notifications: opened 3 times and nothing was read\./);
    await x.shot(popup, 'popup-health-warning-en');
  });
});

describe('The problem report', () => {
  let x;
  let home;
  // Distinctive words, a handle, ids and a link that must never reach the report.
  const SECRET = {
    text: 'Quixotic zebras juggle marmalade',
    name: 'Zelda Secretname',
    handle: 'zq_hidden_handle',
    post: '1999999999999999999',
    elementId: 'zq-element-id-4242',
    userId: '7777777777',
  };
  before(async () => {
    x = await launch({ lang: 'en' });
    await x.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    home = await x.open('/home');
    assert.equal(await health(home), 'ok');
    await settled(home);
    // An article X might show tomorrow: its author block is gone, so Likeback cannot read it.
    await home.evaluate((s) => {
      const first = document.querySelector('[data-testid="cellInnerDiv"]');
      const el = (tag, attrs = {}, text) => {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
        if (text) e.textContent = text;
        return e;
      };
      const cell = el('div', { 'data-testid': 'cellInnerDiv', style: 'position: absolute; width: 100%; transform: translateY(-400px)' });
      const article = el('article', { 'data-testid': 'tweet', role: 'article', id: s.elementId, 'aria-labelledby': s.elementId });
      const avatar = el('div', { 'data-testid': `UserAvatar-Container-${s.handle}` });
      avatar.append(el('a', { href: `/${s.handle}`, role: 'link' }));
      const author = el('div', { 'data-testid': 'Author-Block-New' });
      author.append(el('span', {}, s.name), el('span', {}, `@${s.handle}`));
      const time = el('a', { href: `/${s.handle}/status/${s.post}` });
      time.append(el('time', { datetime: '2026-11-30T10:00:00.000Z' }, 'Nov 30'));
      const text = el('div', { 'data-testid': 'tweetText', lang: 'en' }, s.text);
      const follow = el('button', { 'data-testid': `${s.userId}-follow`, role: 'button' }, `Follow @${s.handle}`);
      const group = el('div', { role: 'group' });
      group.append(el('button', { 'data-testid': 'like', role: 'button' }));
      article.append(avatar, author, time, text, follow, group);
      cell.append(article);
      first.parentElement.append(cell);
    }, SECRET);
    await home.waitForFunction(() => document.querySelector('article[data-lb-kind="unknown"]'));
  });
  after(async () => { await x?.close(); });

  it('copies what a maintainer needs and nothing of what the page shows', async () => {
    const popup = await popupWith(x, '[data-lb="source-warning"][data-lb-source="timeline"]');
    assert.match(await popup.locator('[data-lb="source-warning"]').textContent(), /Timeline: posts not recognised in the last day: 1\./);
    await popup.bringToFront();
    await popup.locator('[data-lb="copy-report"]').click();
    await popup.waitForSelector('[data-lb="report-status"][data-lb-copied]');
    assert.equal(await popup.locator('[data-lb="report-status"]').getAttribute('data-lb-copied'), 'true', 'the clipboard took it');
    const report = await popup.evaluate(() => navigator.clipboard.readText());
    assert.equal(report, await popup.locator('[data-lb="report"]').textContent(), 'the popup shows what it copied');

    // What a maintainer needs.
    for (const expected of [
      /extension: \d+\.\d+\.\d+ · browser: Chrome \d+/,
      /UI language: en/,
      /last X page: ok/,
      /^timeline: warning · last yield: \d+ min ago · \d+ posts read/m,
      /^ {2}op HomeTimeline: \d+ responses, \d+ posts/m,
      /^ {2}unrecognised \(NoAuthor\): 1$/m,
      /^notifications: never/m,
      /^article\[data-testid=tweet\]\[role=article\]$/m,
      /^ {2}div\[data-testid=UserAvatar-Container-…\]$/m,
      /^ {4}a\[role=link\]$/m,
      /^ {2}div\[data-testid=Author-Block-New\]$/m,
      /^ {2}div\[data-testid=tweetText\]$/m,
      /^ {2}button\[data-testid=#-follow\]\[role=button\]$/m,
    ]) assert.match(report, expected);

    // Nothing of the page: every text, handle and id it shows.
    const page = await home.evaluate(() => {
      const articles = [...document.querySelectorAll('article')];
      const words = new Set();
      for (const a of articles) {
        for (const t of [a.querySelector('[data-testid="tweetText"]')?.textContent, ...[...a.querySelectorAll('[data-testid="User-Name"] span')].map((s) => s.textContent)]) {
          // Separators ("·") are X's punctuation, not something the page says.
          if (t && /[\p{L}\p{N}]/u.test(t)) words.add(t.trim());
        }
      }
      const handles = new Set();
      const ids = new Set();
      for (const a of document.querySelectorAll('a[href^="/"]')) {
        const [first, , status] = a.getAttribute('href').slice(1).split(/[/?#]/);
        if (/^\w{2,15}$/.test(first) && !['home', 'explore', 'notifications', 'messages', 'i', 'search', 'settings', 'compose'].includes(first)) handles.add(first);
        if (/^\d+$/.test(status ?? '')) ids.add(status);
      }
      for (const e of document.querySelectorAll('article [id], article[id]')) ids.add(e.id);
      return { words: [...words], handles: [...handles], ids: [...ids] };
    });
    assert.ok(page.words.length > 10 && page.handles.length > 5 && page.ids.length > 10, `the page shows texts, handles and ids (${page.words.length}, ${page.handles.length}, ${page.ids.length})`);
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const leaks = [...page.words, ...page.handles, ...page.ids, ...Object.values(SECRET), ME]
      .filter((s) => new RegExp(`(^|[^\\p{L}\\p{N}_])${escape(s)}($|[^\\p{L}\\p{N}_])`, 'iu').test(report));
    assert.deepEqual(leaks, [], `the report holds nothing of the page:\n${report}`);
    for (const word of SECRET.text.split(' ').concat(SECRET.name.split(' '))) {
      assert.ok(!report.toLowerCase().includes(word.toLowerCase()), `${word} leaked`);
    }
    assert.ok(!/https?:|\/status\//.test(report), 'no URL');
    assert.deepEqual(x.outside(), [], 'nothing was sent');
    await x.shot(popup, 'popup-report-en');
  });
});
