// The content script against a hostile page and its own faults: page scripts cannot speak for
// the tap, a panic is reported instead of leaving a dead script that looks alive, and an
// extension reload under an open tab leaves the old script quiet and the page as X drew it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch } from './harness.mjs';
import { homeEn, profileAoi, notificationsEn, FILE, API_DIR, ME } from '../fixtures/x/scenarios.mjs';
import { health, settled, cells, extensionMarks, waitLedger, pairs } from './lb.mjs';
import { importKnownLedger } from './known-ledger.mjs';

const U64_MAX = '18446744073709551615';
const MY_POST = '2124725880224904851';
const notified = new Set(notificationsEn.filter((n) => n.kind === 'like').flatMap((n) => pairs(n.from, n.post)));
/** Aoi's post that Yuki quotes on Home: X's response says it is liked, the page does not show it. */
const quoted = profileAoi.find((r) => r.id === homeEn[3].quoted.id && r.liked);

/** A GraphQL NotificationsTimeline body: `likers` liked my post `post`. */
function notificationBody(likers, post = MY_POST) {
  const user = (h) => `{"user_results":{"result":{"core":{"screen_name":"${h}"}}}}`;
  return `{"data":{"viewer_v2":{"user_results":{"result":{"notification_timeline":{"timeline":{"instructions":[
{"type":"TimelineAddEntries","entries":[{"entryId":"n1","content":{"itemContent":{"__typename":"TimelineNotification",
"notification_icon":"heart_icon","timestamp_ms":"${Date.now() - 60_000}","template":{"from_users":[${likers.map(user).join(',')}],
"target_objects":[{"tweet_results":{"result":{"rest_id":"${post}","core":{"user_results":{"result":{"core":{"screen_name":"${ME}"}}}}}}}]}}}}]}]}}}}}}}`;
}

/** What an X tab's console and errors say about Likeback (or about a dead extension context). */
const complaints = (x) => [
  ...x.pageErrors,
  ...x.console.filter((m) => m.type === 'error').map((m) => m.text),
].filter((t) => /likeback|Extension context invalidated|unreachable|RuntimeError/i.test(t));

describe('Forged messages from the page', () => {
  let x;
  before(async () => {
    x = await launch({ lang: 'en' });
    await importKnownLedger(x);
  });
  after(async () => { await x?.close(); });

  it('a page script posting as the tap changes nothing; X\'s own responses still count', async () => {
    const page = await x.open('/notifications');
    await page.waitForSelector('article[data-testid="notification"]');
    await waitLedger(x, (l) => [...notified].every((k) => l.received.has(k)), 'the real notifications');

    // X's Home response, altered: every post liked (likes I never gave), and Aoi's newest post
    // renamed u64::MAX (a post "newer" than anything she can write: her marks gone for good).
    const home = fs.readFileSync(path.join(API_DIR, FILE.homeEn), 'utf8')
      .replace(/"favorited": *false/g, '"favorited": true')
      .replaceAll(homeEn[0].id, U64_MAX);
    const flood = notificationBody(Array.from({ length: 100_000 }, (_, i) => `forged_${i}`));
    assert.ok(flood.length < 8 * 1024 * 1024, 'the flood fits in one message');
    const forged = [
      { url: 'https://x.com/i/api/graphql/f0rged/NotificationsTimeline', body: notificationBody(['forged_liker']) },
      { url: 'https://x.com/i/api/graphql/f0rged/HomeTimeline', body: home },
      { url: 'https://x.com/i/api/graphql/f0rged/NotificationsTimeline', body: flood },
    ];
    const heard = await page.evaluate(async (forged) => {
      const send = (m) => window.postMessage({ source: 'likeback-tap', ...m }, location.origin);
      // As the tap used to speak on the window, and after claiming to be the content script's
      // handshake with a port of the page's own (a second handshake, and a synthetic one).
      for (const m of forged) send(m);
      const mine = new MessageChannel();
      window.postMessage('likeback-channel', location.origin, [mine.port2]);
      const fake = new MessageChannel();
      window.dispatchEvent(new MessageEvent('message', { data: 'likeback-channel', ports: [fake.port2], source: window, origin: location.origin }));
      for (const m of forged) { mine.port1.postMessage(m); fake.port1.postMessage(m); }
      send({ type: 'flushed' });
      // Window messages arrive in order: once this one is here, every forged one was delivered.
      return new Promise((resolve) => {
        window.addEventListener('message', (e) => { if (e.data === 'forged-done') resolve(true); });
        window.postMessage('forged-done', location.origin);
      });
    }, forged);
    assert.ok(heard);

    // Then a real response through the tap: Home, whose response says Aoi's quoted post is
    // liked (the page does not show that, only X's API does). What the content script sends
    // reaches the background in order, so once this is in, anything forged before would be.
    await page.evaluate(() => window.lbFixture.navigate('/home'));
    const l = await waitLedger(x, (l) => l.given.has(`aoi_dev|${quoted.id}`), 'the quoted post liked, through the tap', 20_000);
    // Every way the forgery could show, listed together.
    const wrong = [];
    const forgedLikers = [...l.received].filter((k) => k.startsWith('forged_'));
    if (forgedLikers.length) wrong.push(`${forgedLikers.length} forged likers received`);
    const neverLiked = homeEn.filter((r, i) => i > 0 && !r.liked && !r.own && r.kind === 'original');
    assert.ok(neverLiked.length > 0);
    if (neverLiked.some((r) => l.given.has(`${r.author}|${r.id}`))) wrong.push('likes I never gave');
    if (l.file.events.some((e) => e.post === U64_MAX)) wrong.push('a like on post u64::MAX');

    // Aoi's newest post on Home is still hers to like back, and the friends' list is small.
    await settled(page);
    const mark = await page.evaluate((id) => document.querySelector(`article[data-lb-post="${id}"]`)?.dataset.lbMark ?? null, homeEn[0].id);
    if (mark !== 'newest-unliked') wrong.push(`Aoi's newest post marked ${mark}`);
    const options = await x.openExtensionPage('options.html');
    const marks = await options.evaluate(async () => (await chrome.storage.local.get('marks')).marks ?? '');
    await options.close();
    if (marks.includes(U64_MAX)) wrong.push('u64::MAX in the marks');
    if (marks.length > 100_000) wrong.push(`marks of ${marks.length} characters`);
    assert.deepEqual(wrong, []);
  });
});

describe('A page script that replaces built-ins after the tap started', () => {
  let x;
  before(async () => {
    // A NotificationsTimeline that X really answers (empty): only what the page fakes could count.
    x = await launch({ lang: 'en', api: { NotificationsTimeline: { data: {} } } });
  });
  after(async () => { await x?.close(); });

  it('cannot feed the tap a body X did not send, nor take its port', async () => {
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    await waitLedger(x, (l) => l.given.has(`aoi_dev|${quoted.id}`), 'Home through the tap');
    const result = await page.evaluate(async (forged) => {
      const ports = [];
      const post = MessagePort.prototype.postMessage;
      MessagePort.prototype.postMessage = function (...args) { ports.push(this); return post.apply(this, args); };
      const text = Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, 'responseText').get;
      Object.defineProperty(XMLHttpRequest.prototype, 'responseText', {
        get() { return this.responseURL.includes('f0rged') ? forged : text.call(this); },
        configurable: true,
      });
      const responseText = Response.prototype.text;
      Response.prototype.text = function () { return this.url.includes('f0rged') ? Promise.resolve(forged) : responseText.call(this); };
      const url = '/i/api/graphql/f0rged/NotificationsTimeline';
      await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', url);
        xhr.onloadend = resolve;
        xhr.send();
      });
      const viaFetch = await (await fetch(url)).text();
      // A blob: URL is the page's own: whatever a replaced URL says, it is not X's API.
      const RealURL = URL;
      window.URL = function (u, base) { return new RealURL(String(u).startsWith('blob:') ? `${location.origin}${url}` : u, base); };
      await (await fetch(RealURL.createObjectURL(new Blob([forged])))).text();
      window.URL = RealURL;
      MessagePort.prototype.postMessage = post;
      for (const p of ports) p.postMessage({ url: `${location.origin}${url}`, body: forged });
      return { faked: viaFetch === forged, stolen: ports.length };
    }, notificationBody(['forged_builtin']));
    assert.ok(result.faked, 'the page sees its own fake');
    // A like clicked after all that: once it is in, anything learned before it is too.
    const other = homeEn.find((r, i) => i > 0 && !r.liked && !r.own && r.kind === 'original');
    await page.locator(`article[data-testid="tweet"]:has(a[href$="/status/${other.id}"] time)`).first()
      .locator('[data-testid="like"]').click();
    const l = await waitLedger(x, (l) => l.given.has(`${other.author}|${other.id}`), 'the like');
    const wrong = [...l.received].filter((k) => k.startsWith('forged_'));
    if (result.stolen) wrong.push(`the tap's port taken ${result.stolen} times`);
    assert.deepEqual(wrong, []);
  });
});

describe('A panic in the content script', () => {
  let x;
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); });

  it('says crashed on the page and in the popup, and leaves X as it drew it', async () => {
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    assert.ok((await cells(page)).some((c) => c.collapsed === 'true'), 'reposts collapsed before');
    // The test-only trigger: a storage key only the extension's own pages can write.
    const options = await x.openExtensionPage('options.html');
    await options.evaluate(() => chrome.storage.local.set({ test_panic: Date.now() }));
    await page.bringToFront();
    await page.waitForFunction(() => document.documentElement.dataset.lbHealth === 'crashed');
    await page.waitForFunction(() => !document.querySelector('[data-lb]'));
    assert.deepEqual(await extensionMarks(page), [], 'nothing of ours left on the page');
    await options.evaluate(() => chrome.storage.local.remove('test_panic'));
    // X goes on (a new page of posts, a like): the stopped script stays out of it, quietly.
    await page.bringToFront();
    await page.evaluate(() => window.lbFixture.scrollToBottom());
    await page.waitForFunction(() => window.lbFixture.stats().items > 20);
    await page.locator('article[data-testid="tweet"] [data-testid="like"]').first().click();
    await page.waitForSelector('article[data-testid="tweet"] [data-testid="unlike"]');
    assert.deepEqual(await extensionMarks(page), []);
    // The report and the abort itself, nothing after.
    assert.ok(complaints(x).length <= 2, complaints(x).join('\n'));

    const popup = await x.openExtensionPage('popup.html');
    await popup.waitForSelector('[data-lb="health"][data-lb-health="crashed"]');
    assert.equal(await popup.locator('[data-lb="health"]').textContent(), 'Likeback stopped on this page after an error; reload the tab.');
    await x.shot(popup, 'popup-crashed');
  });
});

describe('An extension reload with an X tab open', () => {
  let x;
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); });

  it('the old script steps aside quietly; after a tab reload the new one works', async () => {
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    assert.ok((await cells(page)).some((c) => c.collapsed === 'true'));
    const before = complaints(x).length;

    // Chromium keeps an unpacked extension across its own reload only in developer mode (as
    // for anyone who loaded it unpacked); otherwise it comes back disabled.
    const extensions = await x.context.newPage();
    await extensions.goto('chrome://extensions/');
    await extensions.evaluate(() => new Promise((r) => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, r)));
    await extensions.close();
    await page.bringToFront();
    await x.serviceWorker.evaluate(() => chrome.runtime.reload()).catch(() => {});
    // The reloaded extension is up once its popup draws; the old one's context is gone by then.
    for (let tries = 0; ; tries++) {
      const popup = await x.openExtensionPage('popup.html').catch(() => null);
      const up = await popup?.waitForSelector('[data-lb="health"]', { timeout: 2000 }).then(() => true, () => false);
      await popup?.close();
      if (up) break;
      assert.ok(tries < 10, 'the extension came back after its reload');
    }
    // The user goes on in the tab: likes a post, scrolls.
    await page.bringToFront();
    const article = page.locator(`article[data-testid="tweet"]:has(a[href$="/status/${homeEn[0].id}"] time)`).first();
    await article.locator('[data-testid="like"]').click();
    await page.evaluate(() => window.scrollBy(0, 400));
    // The old script noticed and took back what it wrote: no bar left that nothing answers.
    await page.waitForFunction(() => !document.querySelector('[data-lb]') && !document.querySelector('[data-lb-collapsed]'));
    assert.deepEqual(await extensionMarks(page), []);
    assert.ok((await cells(page)).every((c) => c.articleVisible), 'every post shown as X shows it');
    assert.deepEqual(complaints(x).slice(before), [], 'no errors from the old script');

    // The reloaded extension: the tab's next load runs it.
    await page.reload();
    await page.waitForFunction(() => window.lbFixture && window.lbFixture.ready);
    assert.equal(await health(page), 'ok');
    await settled(page);
    assert.ok((await cells(page)).some((c) => c.collapsed === 'true'), 'reposts collapsed again');
    const other = homeEn.find((r, i) => i > 0 && !r.liked && !r.own && r.kind === 'original');
    await page.locator(`article[data-testid="tweet"]:has(a[href$="/status/${other.id}"] time)`).first()
      .locator('[data-testid="like"]').click();
    await waitLedger(x, (l) => l.given.has(`${other.author}|${other.id}`), 'a like after the reload', 15_000);
    assert.deepEqual(complaints(x).slice(before), []);
  });
});
