// The like-back ledger, learned while browsing mini X: likes given (clicks and posts seen
// liked), likes received (notifications, my post's likes list), counted once, kept safe.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './harness.mjs';
import { homeEn, homeEn2, profileAoi, notificationsEn, favoriters, IDS, FILE, ME } from '../fixtures/x/scenarios.mjs';
import { health, settled, ask, ledger, waitLedger, pairs, sameSet } from './lb.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** Received likes the notifications fixture holds: each liker of each like notification. */
const notified = new Set(notificationsEn.filter((n) => n.kind === 'like').flatMap((n) => pairs(n.from, n.post)));
/**
 * Posts seen liked on Home (page 1, and page 2 once it has loaded), including the post Yuki
 * quotes: Aoi's post, which X's response marks liked (it is liked on Aoi's profile too).
 */
const quotedLiked = profileAoi.find((r) => r.id === homeEn[3].quoted.id && r.liked);
const likedOnHome = new Set([...homeEn, ...homeEn2, quotedLiked].filter((r) => r.liked && !r.own).map((r) => `${r.author}|${r.id}`));

/** Clicks a post's like button as a user would; the post's article is found by its permalink. */
async function clickLike(page, id) {
  const article = page.locator(`article[data-testid="tweet"]:has(a[href$="/status/${id}"] time)`).first();
  await article.scrollIntoViewIfNeeded();
  await article.locator('[data-testid="like"], [data-testid="unlike"]').first().click();
}

describe('Likes given', () => {
  let x;
  let page;
  before(async () => {
    x = await launch({ lang: 'en' });
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('a post seen liked is a like given, dated by the post', async () => {
    const l = await waitLedger(x, (l) => l.given.has(`sora_w|${homeEn[2].id}`) && l.given.has(`kenji_k|${homeEn[7].id}`), 'posts seen liked');
    // Kenji's post liked inside Sora's repost counts for Kenji, the original author.
    assert.ok(l.given.has(`kenji_k|${homeEn[7].id}`));
    const sora = l.file.events.find((e) => e.type === 'given' && e.post === homeEn[2].id);
    assert.equal(sora.at, homeEn[2].createdAt);
    assert.equal(l.received.size, 0);
  });

  it('clicking like records a like given, unlike removes it, liking again counts once', async () => {
    const aoi = homeEn[0];
    const key = `aoi_dev|${aoi.id}`;
    const before = Date.now();
    await clickLike(page, aoi.id);
    let l = await waitLedger(x, (l) => l.given.has(key), 'the like');
    assert.ok(Date.parse(l.file.events.find((e) => e.post === aoi.id).at) >= before - 1000, 'dated now');
    await clickLike(page, aoi.id);
    l = await waitLedger(x, (l) => !l.given.has(key), 'the unlike');
    await clickLike(page, aoi.id);
    await clickLike(page, aoi.id);
    await clickLike(page, aoi.id);
    l = await waitLedger(x, (l) => l.given.has(key), 'the like again');
    assert.equal(l.file.events.filter((e) => e.post === aoi.id).length, 1);
  });

  it('liking inside a repost likes the original post, for its author', async () => {
    const repost = homeEn[1]; // kenji_k reposted mika_art
    await page.locator(`[data-lb="repost-bar"][data-lb-for="${repost.reposter}/${repost.id}"]`).click();
    await clickLike(page, repost.id);
    const l = await waitLedger(x, (l) => l.given.has(`mika_art|${repost.id}`), 'the like of the original');
    assert.ok(![...l.given].some((g) => g.startsWith('kenji_k|') && g.endsWith(repost.repostId)));
  });

  it('my own posts are not like-backs', async () => {
    const mine = homeEn.find((r) => r.own && !r.reposter);
    await clickLike(page, mine.id);
    await page.waitForTimeout(500);
    const l = await ledger(x);
    assert.ok(![...l.given].some((g) => g.endsWith(`|${mine.id}`)));
  });

  it('"me" comes from X\'s side bar and is shown on the options page', async () => {
    const options = await x.openExtensionPage('options.html');
    await options.waitForSelector('input[data-lb="me"]');
    assert.equal(await options.locator('input[data-lb="me"]').inputValue(), ME);
  });
});

describe('Likes received', () => {
  let x;
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); });

  it('the notifications page gives exactly the likes on my posts, from X\'s own API response', async () => {
    const page = await x.open('/notifications');
    await page.waitForSelector('article[data-testid="notification"]');
    assert.ok(x.apiCalls.some((c) => c.op === 'notifications/all'), 'mini X fetched its notifications');
    const l = await waitLedger(x, (l) => l.received.size >= notified.size, 'the notifications');
    assert.ok(sameSet(l.received, notified), `received ${[...l.received]}`);
    assert.equal(notified.size, 7);
  });

  it('my post\'s likes list gives its likers, once', async () => {
    const post = IDS.favoritersTweetId;
    const page = await x.open(`/${ME}/status/${post}/likes`);
    await page.waitForSelector('[data-testid="UserCell"]');
    const expected = new Set([...notified, ...pairs(favoriters.map((f) => f.handle), post)]);
    const l = await waitLedger(x, (l) => sameSet(l.received, expected), 'the likers');
    // aoi, kenji and mika were already known from the notifications: counted once.
    assert.equal(l.file.events.filter((e) => e.type === 'received' && e.post === post).length, favoriters.length);
  });

  it('visiting again counts nothing twice', async () => {
    const before = await ledger(x);
    const page = await x.open('/notifications');
    await page.waitForSelector('article[data-testid="notification"]');
    const again = await x.open(`/${ME}/status/${IDS.favoritersTweetId}/likes`);
    await again.waitForSelector('[data-testid="UserCell"]');
    await page.waitForTimeout(800);
    const after = await ledger(x);
    assert.ok(sameSet(after.received, before.received));
    assert.equal(after.file.events.length, before.file.events.length);
  });

  it('someone else\'s likes list does not count as received', async () => {
    const before = await ledger(x);
    const page = await x.open(`/aoi_dev/status/${IDS.favoritersTweetId}/likes`);
    await page.waitForSelector('[data-testid="UserCell"]').catch(() => {});
    await page.waitForTimeout(800);
    assert.ok(sameSet((await ledger(x)).received, before.received));
  });

  it('a like notification that links my post is read from the page when the API response was not seen', async () => {
    const y = await launch({ lang: 'en' });
    try {
      // A notifications page in X's structure whose cells link the post (no API call at all).
      const heart = 'M20.884 13.19c-1.351 2.48-4.001 5.12-8.379 7.67l-.503.3-.504-.3c-4.379-2.55-7.029-5.19-8.382-7.67-1.36-2.5-1.41-4.86-.514-6.67.887-1.79 2.647-2.91 4.601-3.01 1.651-.09 3.368.56 4.798 2.01 1.429-1.45 3.146-2.1 4.796-2.01 1.954.1 3.714 1.22 4.601 3.01.896 1.81.846 4.17-.514 6.67z';
      const avatar = (h) => `<div data-testid="UserAvatar-Container-${h}"><a href="/${h}" role="link"></a></div>`;
      const cell = (icon, people, post) => `<div data-testid="cellInnerDiv"><div><article data-testid="notification" role="article">
        <svg viewBox="0 0 24 24"><g><path d="${icon}"></path></g></svg>${people.map(avatar).join('')}
        <div dir="ltr">${people.join(' and ')} liked your post</div>${post ? `<a href="/${ME}/status/${post}"><div dir="auto">My post</div></a>` : ''}
        <time datetime="2026-11-22T10:00:00.000Z"></time></article></div></div>`;
      await y.context.route('https://x.com/notifications', (route) => route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><body><div id="react-root"><header role="banner"><nav role="navigation">
          <a data-testid="AppTabBar_Profile_Link" href="/${ME}">Profile</a></nav></header><main role="main"><div data-testid="primaryColumn">
          <section role="region"><div>
          ${cell(heart, ['aoi_dev', 'kenji_k'], '2124725880224904851')}
          ${cell(heart, ['sora_w'], null)}
          ${cell('M12 1.75c-5.11 0-9.25 4.14', ['mika_art'], '2124725880224904851')}
          </div></section></div></main></div></body></html>`,
      }));
      const page = await y.open('/notifications', { wait: false });
      await page.waitForSelector('article[data-testid="notification"]');
      const expected = new Set(pairs(['aoi_dev', 'kenji_k'], '2124725880224904851'));
      const l = await waitLedger(y, (l) => l.received.size > 0, 'the notification likes');
      // The one without a link to the post, and the one that is not a like, give nothing.
      assert.ok(sameSet(l.received, expected), [...l.received].join());
      assert.equal(l.file.events.find((e) => e.who === 'aoi_dev').at, '2026-11-22T10:00:00.000Z');
    } finally {
      await y.close();
    }
  });

  it('the likes list read from the page when the API response was not seen', async () => {
    const y = await launch({ lang: 'en', api: { [`Favoriters:${IDS.favoritersTweetId}`]: FILE.favoriters } });
    try {
      // The API response never reaches the content script: the content script's handshake
      // with the tap is swallowed, as if tap.js had not run. Only the page is left to read.
      // (A Playwright init script runs before the extension's document_start scripts, which
      // no page script can.)
      await y.context.addInitScript(() => {
        window.__tapSwallowed = 0;
        window.addEventListener('message', (e) => {
          if (e.data === 'likeback-channel') { e.stopImmediatePropagation(); window.__tapSwallowed++; }
        }, true);
      });
      const page = await y.open(`/${ME}/status/${IDS.favoritersTweetId}/likes`);
      await page.waitForSelector('[data-testid="UserCell"]');
      const expected = new Set(pairs(favoriters.map((f) => f.handle), IDS.favoritersTweetId));
      const l = await waitLedger(y, (l) => sameSet(l.received, expected), 'the likers from the page');
      assert.ok(sameSet(l.received, expected));
      assert.ok(await page.evaluate(() => window.__tapSwallowed) >= 1, 'the API response was kept from the extension');
    } finally {
      await y.close();
    }
  });
});

describe('Several tabs, and a stopped service worker', () => {
  let x;
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); });

  it('two tabs recording at once lose nothing', async () => {
    const [a, b] = await Promise.all([x.open('/notifications'), x.open(`/${ME}/status/${IDS.favoritersTweetId}/likes`)]);
    const c = await x.open('/home');
    await settled(c);
    await Promise.all([clickLike(c, homeEn[0].id), clickLike(c, homeEn[14].id)]);
    const expected = new Set([...notified, ...pairs(favoriters.map((f) => f.handle), IDS.favoritersTweetId)]);
    const l = await waitLedger(x, (l) => sameSet(l.received, expected) && l.given.has(`aoi_dev|${homeEn[0].id}`) && l.given.has(`kenji_k|${homeEn[14].id}`), 'both tabs');
    assert.ok(sameSet(l.received, expected));
    await Promise.all([a.close(), b.close()]);
  });

  it('stopping the service worker between and during events loses nothing', async () => {
    const page = await x.open('/aoi_dev');
    await settled(page);
    const cdp = await x.context.newCDPSession(await x.openExtensionPage('options.html'));
    await cdp.send('ServiceWorker.enable');
    const stop = () => cdp.send('ServiceWorker.stopAllWorkers');
    const posts = ['2124641574715643671', '2124065277344993484', '2124793072976666901'];
    await stop();
    await clickLike(page, posts[0]);
    await stop();
    await clickLike(page, posts[1]);
    await Promise.all([stop(), clickLike(page, posts[2])]);
    await stop();
    const l = await waitLedger(x, (l) => posts.every((p) => l.given.has(`aoi_dev|${p}`)), 'every like', 20_000);
    assert.ok(posts.every((p) => l.given.has(`aoi_dev|${p}`)));
  });
});

describe('Export, reset, import', () => {
  let x;
  let options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-files-'));
  before(async () => {
    x = await launch({ lang: 'en' });
    const n = await x.open('/notifications');
    await n.waitForSelector('article[data-testid="notification"]');
    const home = await x.open('/home');
    await settled(home);
    await clickLike(home, homeEn[0].id);
    await home.evaluate(() => window.lbFixture.scrollToBottom());
    await waitLedger(x, (l) => l.received.size === notified.size && [...likedOnHome].every((p) => l.given.has(p)) && l.given.has(`aoi_dev|${homeEn[0].id}`), 'the data');
    options = await x.openExtensionPage('options.html');
    await options.waitForSelector('[data-lb="export-json"]');
  });
  after(async () => { await x?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  const download = async (hook) => {
    const [file] = await Promise.all([options.waitForEvent('download'), options.locator(`[data-lb="${hook}"]`).click()]);
    const to = path.join(dir, file.suggestedFilename());
    await file.saveAs(to);
    return to;
  };
  const withoutStamp = (text) => ({ ...JSON.parse(text), exported_at: null });

  it('export → reset → import gives back identical data', async () => {
    const file = await download('export-json');
    assert.match(path.basename(file), /^likeback-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = fs.readFileSync(file, 'utf8');
    const parsed = JSON.parse(exported);
    assert.equal(parsed.format, 'likeback');
    assert.equal(parsed.version, 1);
    assert.equal(parsed.me, ME);
    assert.equal(parsed.events.length, notified.size + likedOnHome.size + 1);

    await options.locator('[data-lb="reset"]').click();
    await options.locator('[data-lb="reset-yes"]').click();
    await options.waitForFunction(() => document.querySelector('[data-lb="counts"]')?.textContent.includes('received: 0'));
    assert.equal((await ledger(x)).file.events.length, 0);

    await options.locator('input[type="file"][data-lb="import"]').setInputFiles(file);
    await options.waitForFunction(() => /Imported/.test(document.querySelector('[data-lb="import-status"]')?.textContent ?? ''));
    assert.match(await options.locator('[data-lb="import-status"]').textContent(), new RegExp(`${parsed.events.length} new likes`));
    const again = fs.readFileSync(await download('export-json'), 'utf8');
    assert.deepEqual(withoutStamp(again), withoutStamp(exported));
  });

  it('a corrupt or foreign file is refused with a message and nothing changes', async () => {
    const before = (await ledger(x)).file;
    const good = fs.readFileSync(await download('export-json'), 'utf8');
    const cases = [
      ['truncated.json', good.slice(0, good.length / 2), /not JSON/],
      ['other.json', JSON.stringify({ hello: 'world' }), /not a Likeback export/],
      ['bad-event.json', good.replace('"received"', '"stolen"'), /event \d+: unknown type/],
      ['hostile.json', good.replace(/"who":"[a-z_]+"/, `"who":"${HOSTILE.replace(/"/g, '\\"')}"`), /not a handle/],
    ];
    for (const [name, text, why] of cases) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      await options.locator('input[type="file"][data-lb="import"]').setInputFiles(f);
      await options.waitForFunction(() => /Not imported/.test(document.querySelector('[data-lb="import-status"]')?.textContent ?? ''));
      assert.match(await options.locator('[data-lb="import-status"]').textContent(), why, name);
      assert.deepEqual({ ...(await ledger(x)).file, exported_at: null }, { ...before, exported_at: null }, `${name} changed nothing`);
      await options.evaluate(() => { document.querySelector('[data-lb="import-status"]').textContent = ''; });
    }
    assert.equal(await options.locator('[data-lb] img').count(), 0, 'the hostile text stayed text');
  });

  it('exports counts per person as CSV, names as text', async () => {
    const csv = fs.readFileSync(await download('export-csv'), 'utf8');
    const lines = csv.trim().split(/\r\n/);
    assert.equal(lines[0], 'handle,name,owed,received,given,received_all,given_all,last_received');
    const evil = lines.find((l) => l.startsWith('evil_name,'));
    assert.ok(evil.startsWith(`evil_name,${HOSTILE},`), evil);
    assert.equal(lines.length - 1, new Set([...notified, ...likedOnHome, `aoi_dev|${homeEn[0].id}`].map((p) => p.split('|')[0])).size);
  });

  it('closing and reopening the browser keeps every like (nothing resets on start)', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-profile-'));
    try {
      const first = await launch({ lang: 'en', profile });
      const n = await first.open('/notifications');
      await n.waitForSelector('article[data-testid="notification"]');
      await waitLedger(first, (l) => l.received.size === notified.size, 'the first run');
      const kept = (await ledger(first)).file;
      await first.close();
      const second = await launch({ lang: 'en', profile });
      try {
        const again = await waitLedger(second, (l) => l.received.size === notified.size, 'the second run');
        assert.deepEqual({ ...again.file, exported_at: null }, { ...kept, exported_at: null });
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe('A refused import, in Japanese', () => {
  it('says why in the user\'s language', async () => {
    const x = await launch({ lang: 'ja' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-files-'));
    try {
      const options = await x.openExtensionPage('options.html');
      await options.waitForSelector('input[data-lb="import"]');
      const f = path.join(dir, 'other.json');
      fs.writeFileSync(f, JSON.stringify({ hello: 'world' }));
      await options.locator('input[data-lb="import"]').setInputFiles(f);
      await options.waitForFunction(() => /インポートできませんでした/.test(document.querySelector('[data-lb="import-status"]')?.textContent ?? ''));
      assert.equal(await options.locator('[data-lb="import-status"]').textContent(),
        'インポートできませんでした（データは変わっていません）：Likebackのエクスポートファイルではありません');
    } finally {
      await x.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
