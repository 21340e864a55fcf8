// Self-test of the test bed: mini X (tests/fixtures/x/) and the harness, without Likeback.
// Run: node --test tests/e2e/fixture-app.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, REPO_ROOT, EXTENSION_DIR } from './harness.mjs';
import {
  homeEn, homeEn2, homeJa, followingEn, profileAoi, detail, search, list, favoriters, listMembers,
  notificationsEn, IDS, markdown,
} from '../fixtures/x/scenarios.mjs';
import { makeTweetEntry } from '../fixtures/x/entries.mjs';

const REPOST_ICON = 'M4.75 3.79l4.603 4.3';
const PIN_ICON = 'M13 21l-1 2-1-2v-5H4.5v-2.287l';
const COMMUNITY_ICON = 'M7.471 21H.472l.029-1.027c.184';

/** Facts about every mounted tweet article, read from the DOM as an extension would. */
function readArticles(page) {
  return page.$$eval('div[data-testid="cellInnerDiv"] article[data-testid="tweet"]', (arts) => arts.map((a) => {
    const permalink = a.querySelector('a[href*="/status/"] > time')?.parentElement.getAttribute('href') ?? null;
    const ctx = a.querySelector('[data-testid="socialContext"]');
    return {
      id: permalink?.split('/status/')[1] ?? null,
      author: permalink?.split('/')[1] ?? null,
      context: ctx ? ctx.textContent : null,
      contextHref: ctx?.closest('a')?.getAttribute('href') ?? null,
      firstPath: a.querySelector('svg path')?.getAttribute('d') ?? null,
      userNames: a.querySelectorAll('[data-testid="User-Name"]').length,
      placement: !!a.querySelector('[data-testid="placementTracking"]'),
      // X's ad wrapper: a placementTracking around the article, with impression pixels.
      wrapped: !!a.closest('[data-testid="placementTracking"]'),
      pixels: a.closest('[data-testid="cellInnerDiv"]').querySelectorAll('[data-testid$="-impression-pixel"]').length,
      like: a.querySelector('[role="group"] button[data-testid="like"], [role="group"] button[data-testid="unlike"]')?.getAttribute('data-testid'),
      text: a.querySelector('[data-testid="tweetText"]')?.textContent ?? null,
      top: a.closest('[data-testid="cellInnerDiv"]').style.transform,
    };
  }));
}
const stats = (page) => page.evaluate(() => window.lbFixture.stats());

describe('mini X in English (destroy mode)', () => {
  let x;
  let page;
  before(async () => {
    x = await launch({ extension: false, lang: 'en' });
    page = await x.open('/home');
  });
  after(async () => { await x?.close(); });

  it('serves the shell with the harness and renders Home from HomeTimeline', async () => {
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('a[data-testid="AppTabBar_Profile_Link"]').getAttribute('href'), '/hana_lb');
    assert.equal(await page.locator('header[role="banner"] nav[role="navigation"] a[data-testid="AppTabBar_Home_Link"][href="/home"]').count(), 1);
    assert.equal(await page.locator('main[role="main"] div[data-testid="primaryColumn"]').count(), 1);
    const call = x.apiCalls.find((c) => c.op === 'HomeTimeline');
    assert.equal(call.file, 'home-en.json');
    const items = await page.evaluate(() => window.lbFixture.items());
    assert.deepEqual(items.map((i) => i.id), homeEn.map((r) => r.id));
    // Virtualised: the first viewport and a half are mounted, in X's container structure.
    const cells = await page.locator('div[aria-label="Timeline: Your Home Timeline"] > div[style^="position: relative; min-height:"] > div[data-testid="cellInnerDiv"]').count();
    assert.ok(cells >= 8 && cells < homeEn.length + 1, `mounted cells: ${cells}`);
    const style = await page.locator('div[data-testid="cellInnerDiv"]').first().getAttribute('style');
    assert.match(style, /^transform: translateY\(0px\); position: absolute; width: 100%;$/);
    const arts = await readArticles(page);
    arts.forEach((a, i) => {
      const row = homeEn[i];
      if (row.kind === 'promoted') { assert.equal(a.id, null); return; }
      assert.equal(a.id, row.id, `cell ${i} id`);
      assert.equal(a.author, row.author, `cell ${i} author`);
      assert.equal(a.like, row.liked ? 'unlike' : 'like', `cell ${i} like state`);
    });
    assert.deepEqual(x.outside(), []);
    assert.deepEqual(x.unmapped, []);
  });

  it('renders a repost with socialContext in a link to the reposter and the repost icon first', async () => {
    const arts = await readArticles(page);
    const i = homeEn.findIndex((r) => r.kind === 'repost');
    assert.equal(arts[i].context, `${'Kenji Kato'} reposted`);
    assert.equal(arts[i].contextHref, `/${homeEn[i].reposter}`);
    assert.ok(arts[i].firstPath.startsWith(REPOST_ICON));
    assert.equal(arts[i].author, homeEn[i].author);
    // Originals have no social context.
    assert.equal(arts[0].context, null);
    // The community post has the community icon.
    const c = homeEn.findIndex((r) => r.kind === 'community');
    assert.ok(arts[c].firstPath.startsWith(COMMUNITY_ICON));
    assert.equal(arts[c].context, 'Tokyo Sketchers');
  });

  it('renders a quote with a nested User-Name and a hidden "Quote" label, promoted wrapped in placementTracking', async () => {
    const arts = await readArticles(page);
    const q = homeEn.findIndex((r) => r.kind === 'quote');
    assert.equal(arts[q].userNames, 2);
    assert.equal(arts[q].context, null);
    const quoteInfo = await page.locator('article[data-testid="tweet"]').nth(q).evaluate((a) => {
      const label = [...a.querySelectorAll('span')].find((s) => s.textContent === 'Quote');
      const inner = a.querySelectorAll('[data-testid="User-Name"]')[1];
      const box = label && label.parentElement.getBoundingClientRect();
      return { label: !!label, hidden: !!box && box.width <= 1 && box.height <= 1, handle: inner.textContent, links: inner.querySelectorAll('a').length };
    });
    assert.deepEqual(quoteInfo, { label: true, hidden: true, handle: `Aoi@${homeEn[q].quoted.author}·Nov 21`, links: 0 });
    const p = homeEn.findIndex((r) => r.kind === 'promoted');
    assert.equal(arts[p].placement, true);
    assert.deepEqual(arts.map((a) => [a.wrapped, a.pixels]), arts.map((_, i) => (i === p ? [true, 4] : [false, 0])));
    assert.equal(arts[p].id, null);
    assert.equal(await page.locator('article[data-testid="tweet"]').nth(p).locator('time').count(), 0);
    assert.match(await page.locator('article[data-testid="tweet"]').nth(p).innerText(), /\bAd\b/);
  });

  it('renders the hostile display name as text', async () => {
    const found = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img[src="x"]').length,
      text: [...document.querySelectorAll('[data-testid="socialContext"]')].some((s) => s.textContent === '<img src=x onerror=alert(1)> reposted'),
    }));
    assert.deepEqual(found, { imgs: 0, text: true });
  });

  it('flips like → unlike in place and POSTs FavoriteTweet (a repost likes the original)', async () => {
    const art = page.locator('article[data-testid="tweet"]').first();
    const before = await art.locator('button[data-testid="like"]').evaluate((b) => { window.__likeBtn = b; return b.getAttribute('aria-label'); });
    const n = Number(before.match(/^(\d+)/)[1]);
    await art.locator('button[data-testid="like"]').click();
    const after = await page.evaluate(() => ({
      same: document.querySelector('article[data-testid="tweet"] [data-testid="unlike"]') === window.__likeBtn,
      label: window.__likeBtn.getAttribute('aria-label'),
      d: window.__likeBtn.querySelector('path').getAttribute('d'),
    }));
    assert.deepEqual(after, { same: true, label: `${n + 1} Likes. Liked`, d: after.d });
    assert.ok(after.d.startsWith('M20.884 13.19'));
    await page.evaluate(() => window.lbFixture.likesSettled());
    const fav = x.apiCalls.filter((c) => c.op === 'FavoriteTweet');
    assert.equal(fav.length, 1);
    assert.equal(fav[0].method, 'POST');
    assert.deepEqual(fav[0].variables, { tweet_id: homeEn[0].id });
    const post = x.requests.find((r) => r.url.endsWith('/FavoriteTweet'));
    assert.deepEqual(JSON.parse(post.postData), { variables: { tweet_id: homeEn[0].id }, queryId: post.url.split('/').at(-2) });
    // Unlike.
    await art.locator('button[data-testid="unlike"]').click();
    await page.evaluate(() => window.lbFixture.likesSettled());
    assert.equal(x.apiCalls.filter((c) => c.op === 'UnfavoriteTweet').length, 1);
    assert.equal(await art.locator('[role="group"] button[data-testid="like"]').getAttribute('aria-label'), before);
    // Like on a repost → the original's id.
    const r = homeEn.findIndex((row) => row.kind === 'repost');
    await page.locator('article[data-testid="tweet"]').nth(r).locator('button[data-testid="like"]').click();
    await page.evaluate(() => window.lbFixture.likesSettled());
    assert.deepEqual(x.apiCalls.filter((c) => c.op === 'FavoriteTweet').at(-1).variables, { tweet_id: homeEn[r].id });
    assert.notEqual(homeEn[r].id, homeEn[r].repostId);
  });

  it('re-lays out cells when a cell changes height (an extension collapsing a repost)', async () => {
    const moved = await page.evaluate(async () => {
      const cells = [...document.querySelectorAll('div[data-testid="cellInnerDiv"]')];
      const y = (c) => Number(c.style.transform.match(/translateY\((-?[\d.]+)px\)/)[1]);
      const before = y(cells[2]);
      const h1 = cells[1].offsetHeight;
      cells[1].querySelector('article').style.display = 'none';
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))));
      const after = y(cells[2]);
      cells[1].querySelector('article').style.display = '';
      return { before, after, h1, h1now: cells[1].offsetHeight };
    });
    assert.ok(moved.after < moved.before - 50, JSON.stringify(moved));
  });

  it('destroys out-of-range cells and fetches page 2 with the bottom cursor when scrolling', async () => {
    const firstCell = await page.evaluate(() => { window.__firstCell = document.querySelector('div[data-testid="cellInnerDiv"]'); return true; });
    assert.ok(firstCell);
    await page.evaluate(() => window.lbFixture.scrollToBottom());
    await page.waitForFunction((n) => window.lbFixture.items().length === n, homeEn.length + homeEn2.length, { timeout: 5000 });
    await page.evaluate(() => window.lbFixture.scrollToBottom());
    const call = x.apiCalls.find((c) => c.op === 'HomeTimeline' && c.cursor);
    assert.equal(call.cursor, IDS.homeCursor);
    assert.equal(call.file, 'home-en-2.json');
    const s = await stats(page);
    assert.ok(s.removed > 0 && s.mounted < s.items, JSON.stringify(s));
    assert.equal(await page.evaluate(() => window.__firstCell.isConnected), false);
    const ids = (await readArticles(page)).map((a) => a.id);
    assert.ok(!ids.includes(homeEn[0].id));
    assert.ok(ids.includes(homeEn2.at(-1).id));
    // Scrolling back up re-creates the first cells.
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    assert.equal((await readArticles(page))[0].id, homeEn[0].id);
  });

  it('appendEntries pushes generated entries per animation frame', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => makeTweetEntry({ author: 'yuki_t', text: `generated ${i}`, repostBy: i % 3 ? null : 'aoi_dev' }));
    const before = (await stats(page)).items;
    const n = await page.evaluate(([e]) => window.lbFixture.appendEntries(e, 5), [entries]);
    assert.equal(n, 30);
    assert.equal((await stats(page)).items, before + 30);
  });

  it('switches the Home tab in place (For you → Following, URL stays /home)', async () => {
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await page.locator('[role="tablist"] a[role="tab"]').nth(1).click();
    await page.waitForFunction(() => window.lbFixture.view === 'home:following');
    await page.evaluate(() => window.lbFixture.rendered());
    assert.equal(new URL(page.url()).pathname, '/home');
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').innerText(), 'Following');
    assert.ok(x.apiCalls.some((c) => c.op === 'HomeLatestTimeline'));
    assert.deepEqual((await readArticles(page)).map((a) => a.id), followingEn.map((r) => r.id));
    await page.locator('[role="tablist"] a[role="tab"]').nth(0).click();
    await page.waitForFunction(() => window.lbFixture.view === 'home:for_you');
  });

  it('navigates by links without a page load (profile with pinned post, back to Home)', async () => {
    await page.evaluate(() => window.lbFixture.rendered());
    await page.evaluate(() => { window.__spaMarker = 42; });
    const docs = x.requests.filter((r) => r.resourceType === 'document').length;
    await page.locator('article[data-testid="tweet"]').first().locator('[data-testid="User-Name"] a[href="/aoi_dev"]').first().click();
    await page.waitForFunction(() => window.lbFixture.view === 'profile:aoi_dev');
    await page.evaluate(() => window.lbFixture.rendered());
    assert.equal(await page.evaluate(() => window.__spaMarker), 42);
    assert.equal(x.requests.filter((r) => r.resourceType === 'document').length, docs);
    assert.equal(new URL(page.url()).pathname, '/aoi_dev');
    assert.match(await page.locator('[data-testid="UserName"]').innerText(), /Aoi\s*@aoi_dev/);
    const call = x.apiCalls.find((c) => c.op === 'UserTweets');
    assert.equal(call.variables.screen_name, 'aoi_dev');
    assert.ok(call.variables.userId);
    const arts = await readArticles(page);
    assert.deepEqual(arts.map((a) => a.id), profileAoi.map((r) => r.id));
    assert.ok(arts[0].firstPath.startsWith(PIN_ICON));
    assert.equal(arts[0].context, 'Pinned');
    await page.goBack();
    await page.waitForFunction(() => window.lbFixture.view === 'home:for_you');
    await page.evaluate(() => window.lbFixture.rendered());
    assert.equal(await page.evaluate(() => window.__spaMarker), 42);
    assert.equal((await readArticles(page))[0].id, homeEn[0].id);
  });

  it('renders status, likers, notifications, lists and search from their API calls', async () => {
    const go = async (p, view) => {
      await page.evaluate((to) => window.lbFixture.navigate(to), p);
      assert.equal(await page.evaluate(() => window.lbFixture.view), view);
    };
    await go(`/aoi_dev/status/${IDS.detailTweetId}`, `status:${IDS.detailTweetId}`);
    const focal = page.locator('article[data-testid="tweet"][tabindex="-1"]');
    assert.equal(await focal.count(), 1);
    assert.equal(await focal.locator(`a[href="/aoi_dev/status/${IDS.detailTweetId}"] time`).count(), 1);
    assert.deepEqual((await readArticles(page)).map((a) => a.id), detail.map((r) => r.id));

    await go(`/hana_lb/status/${IDS.favoritersTweetId}/likes`, `likes:${IDS.favoritersTweetId}`);
    const cells = await page.$$eval('div[data-testid="cellInnerDiv"] [data-testid="UserCell"]', (us) => us.map((u) => ({
      avatar: u.querySelector('[data-testid^="UserAvatar-Container-"] a')?.getAttribute('href'),
      handle: [...u.querySelectorAll('a[href^="/"]')].map((a) => a.textContent).find((t) => t.startsWith('@')),
      follow: !!u.querySelector('button[data-testid$="-follow"]'),
    })));
    assert.deepEqual(cells, favoriters.map((f) => ({ avatar: `/${f.handle}`, handle: `@${f.handle}`, follow: false })));

    await go('/notifications', 'notifications');
    const notes = await page.$$eval('div[data-testid="cellInnerDiv"] article[data-testid="notification"]', (as) => as.map((a) => ({
      icon: a.querySelector('svg path').getAttribute('d').slice(0, 13),
      from: [...a.querySelectorAll('[data-testid^="UserAvatar-Container-"] a[href^="/"]')].map((l) => l.getAttribute('href').slice(1)),
      text: a.querySelector('[dir="ltr"]').textContent,
      bold: a.querySelector('[dir="ltr"] .r-b88u0q')?.textContent,
    })));
    assert.equal(notes.length, notificationsEn.length);
    notes.forEach((n, i) => {
      assert.deepEqual(n.from, notificationsEn[i].from);
      assert.equal(n.text, notificationsEn[i].text);
    });
    assert.equal(notes[0].icon, 'M20.884 13.19');
    assert.equal(notes[0].text, 'Aoi and 2 others liked your post');
    assert.equal(notes[0].bold, 'Aoi');
    assert.ok(x.apiCalls.some((c) => c.op === 'notifications/all' && c.file === 'notifications-en.json'));

    await go(`/i/lists/${IDS.listId}`, `list:${IDS.listId}`);
    assert.deepEqual((await readArticles(page)).map((a) => a.id), list.map((r) => r.id));
    await go(`/i/lists/${IDS.listId}/members`, `listMembers:${IDS.listId}`);
    assert.equal(await page.locator('[data-testid="UserCell"]').count(), listMembers.length);
    await go('/search?q=cats&src=typed_query', 'search:cats');
    assert.deepEqual((await readArticles(page)).map((a) => a.id), search.map((r) => r.id));
    assert.deepEqual(x.unmapped, []);
    assert.deepEqual(x.pageErrors, []);
  });

  it('answers unknown API calls with a 404 JSON error and records them', async () => {
    await page.evaluate(() => window.lbFixture.navigate('/nobody_here'));
    assert.equal(x.unmapped.at(-1).op, 'UserTweets');
    assert.equal(x.unmapped.at(-1).key, 'nobody_here');
    assert.equal(await page.locator('[data-testid="error-detail"]').count(), 1);
  });

  it('takes a screenshot of Home (en)', async () => {
    await page.evaluate(() => window.lbFixture.navigate('/home'));
    const file = await x.shot(page, 'fixture-home-en');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});

describe('X CSP on the fixture document', () => {
  it('has a nonce, refuses nonce-less inline scripts and eval, allows WASM', async () => {
    const x = await launch({ extension: false });
    try {
      const page = await x.context.newPage();
      const resp = await page.goto('https://x.com/home');
      await page.evaluate(() => window.lbFixture.ready);
      const csp = resp.headers()['content-security-policy'];
      assert.match(csp, /script-src [^;]*'wasm-unsafe-eval'/);
      assert.doesNotMatch(csp, /'unsafe-eval'/);
      const nonce = csp.match(/'nonce-([^']+)'/)[1];
      const r = await page.evaluate(async () => {
        const violation = new Promise((res) => {
          document.addEventListener('securitypolicyviolation', (e) => res(e.effectiveDirective), { once: true });
          setTimeout(() => res(null), 2000);
        });
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true;';
        document.head.append(s);
        // eval from page code (a timer, not the inspector's own evaluation, which CSP exempts).
        const evalBlocked = await new Promise((res) => setTimeout(() => {
          try { (0, eval)('1'); res(false); } catch (e) { res(e instanceof EvalError); }
        }));
        let wasm = 'ok';
        try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch (e) { wasm = String(e); }
        return { directive: await violation, ran: !!window.__inlineRan, evalBlocked, wasm, nonce: document.querySelector('script[src="/lb-fixture/app.js"]').nonce };
      });
      assert.deepEqual(r, { directive: 'script-src-elem', ran: false, evalBlocked: true, wasm: 'ok', nonce });
      // A second load gets a fresh nonce.
      const resp2 = await page.reload();
      assert.notEqual(resp2.headers()['content-security-policy'].match(/'nonce-([^']+)'/)[1], nonce);
    } finally { await x.close(); }
  });

  it("csp: 'no-wasm' refuses WebAssembly compilation", async () => {
    const x = await launch({ extension: false, csp: 'no-wasm' });
    try {
      const page = await x.open('/home');
      const wasm = await page.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'ok', (e) => e.name));
      assert.equal(wasm, 'CompileError');
    } finally { await x.close(); }
  });
});

describe('mini X in Japanese', () => {
  it('uses Japanese UI strings and the ja fixtures', async () => {
    const x = await launch({ extension: false, lang: 'ja' });
    try {
      const page = await x.open('/home');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
      assert.equal(await page.evaluate(() => navigator.language), 'ja-JP');
      assert.deepEqual(await page.locator('[role="tab"]').allInnerTexts(), ['おすすめ', 'フォロー中']);
      assert.equal(x.apiCalls[0].file, 'home-ja.json');
      const arts = await readArticles(page);
      assert.deepEqual(arts.map((a) => a.id).filter(Boolean), homeJa.filter((r) => r.kind !== 'promoted').map((r) => r.id).slice(0, arts.length - 1));
      const rp = homeJa.findIndex((r) => r.kind === 'repost');
      assert.equal(arts[rp].context, 'Kenji Katoさんがリポストしました');
      assert.equal(await page.locator(`article[data-testid="tweet"]:nth-child(1)`).count() >= 0, true);
      const like = await page.locator('button[data-testid="like"]').first().getAttribute('aria-label');
      assert.match(like, /^\d+件のいいね。いいねする$/);
      assert.match(await page.locator('button[data-testid="unlike"]').first().getAttribute('aria-label'), /^\d+件のいいね。いいねしました$/);
      const q = homeJa.findIndex((r) => r.kind === 'quote');
      assert.ok(await page.locator('article[data-testid="tweet"]').nth(q).evaluate((a) => [...a.querySelectorAll('span')].some((s) => s.textContent === '引用')));
      const p = homeJa.findIndex((r) => r.kind === 'promoted');
      assert.match(await page.locator('article[data-testid="tweet"]').nth(p).innerText(), /プロモーション/);
      assert.match(await page.locator('article[data-testid="tweet"] time').first().innerText(), /^\d+(秒|分|時間)$|月/);
      assert.match(arts[0].text, /オンボーディング/);
      await x.shot(page, 'fixture-home-ja');
      await page.evaluate(() => window.lbFixture.navigate('/aoi_dev'));
      assert.equal((await readArticles(page))[0].context, '固定');
      await page.evaluate(() => window.lbFixture.navigate('/notifications'));
      assert.equal(await page.locator('article[data-testid="notification"] [dir="ltr"]').first().innerText(), 'Aoiさん、他2人があなたのポストをいいねしました');
      assert.deepEqual(x.outside(), []);
    } finally { await x.close(); }
  });
});

describe('mini X in recycle mode', () => {
  it('reuses cell elements for other entries while scrolling', async () => {
    const x = await launch({ extension: false, recycle: true });
    try {
      const page = await x.open('/home');
      const marked = await page.evaluate(() => [...document.querySelectorAll('div[data-testid="cellInnerDiv"]')].map((c, i) => {
        c.setAttribute('data-test-mark', String(i));
        return c.querySelector('a[href*="/status/"] > time')?.parentElement.getAttribute('href') ?? 'promoted';
      }));
      await page.evaluate(() => window.lbFixture.scrollToBottom());
      await page.waitForFunction((n) => window.lbFixture.items().length === n, homeEn.length + homeEn2.length, { timeout: 5000 });
      await page.evaluate(() => window.lbFixture.scrollToBottom());
      const s = await stats(page);
      assert.ok(s.reused > 0, JSON.stringify(s));
      const now = await page.evaluate(() => [...document.querySelectorAll('div[data-testid="cellInnerDiv"][data-test-mark]')].map((c) => ({
        mark: Number(c.getAttribute('data-test-mark')),
        href: c.querySelector('a[href*="/status/"] > time')?.parentElement.getAttribute('href') ?? 'promoted',
      })));
      // Same element, still in the DOM, our attribute kept, a different post inside.
      assert.ok(now.some((c) => c.href !== marked[c.mark]), JSON.stringify(now));
      const ids = (await readArticles(page)).map((a) => a.id);
      assert.ok(ids.includes(homeEn2.at(-1).id));
    } finally { await x.close(); }
  });
});

describe('harness with an extension', () => {
  it('loads an unpacked extension headless and records requests of its pages and worker', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-probe-ext-'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      manifest_version: 3, name: 'probe', version: '1.0', default_locale: 'en',
      background: { service_worker: 'sw.js' }, host_permissions: ['<all_urls>'],
      content_scripts: [{ matches: ['https://x.com/*'], js: ['cs.js'] }],
      action: { default_popup: 'popup.html' },
    }));
    fs.mkdirSync(path.join(dir, '_locales/en'), { recursive: true });
    fs.mkdirSync(path.join(dir, '_locales/ja'), { recursive: true });
    fs.writeFileSync(path.join(dir, '_locales/en/messages.json'), JSON.stringify({ hello: { message: 'Hello' } }));
    fs.writeFileSync(path.join(dir, '_locales/ja/messages.json'), JSON.stringify({ hello: { message: 'こんにちは' } }));
    fs.writeFileSync(path.join(dir, 'sw.js'), `chrome.runtime.onMessage.addListener((m, s, reply) => {
      fetch('https://worker-probe.example/from-worker').catch(() => {});
      reply({ ui: chrome.i18n.getUILanguage(), hello: chrome.i18n.getMessage('hello') });
    });`);
    fs.writeFileSync(path.join(dir, 'cs.js'), `document.documentElement.setAttribute('data-probe', 'cs');
      fetch('https://cs-probe.example/from-content-script').catch(() => {});
      chrome.runtime.sendMessage('hi', (r) => document.documentElement.setAttribute('data-probe-ui', r.ui + '|' + r.hello));`);
    fs.writeFileSync(path.join(dir, 'popup.html'), '<!doctype html><meta charset="utf-8"><p>probe</p><script src="popup.js"></script>');
    fs.writeFileSync(path.join(dir, 'popup.js'), "fetch('https://popup-probe.example/from-extension-page').catch(() => {});");
    const x = await launch({ extension: dir, lang: 'ja' });
    try {
      assert.match(x.extensionId, /^[a-p]{32}$/);
      const page = await x.open('/home');
      await page.waitForFunction(() => document.documentElement.getAttribute('data-probe-ui'));
      // The browser's UI language (chrome.i18n) follows lang; Debian ships the non-English
      // locales in the chromium-l10n package.
      const ui = await page.evaluate(() => document.documentElement.getAttribute('data-probe-ui'));
      if (fs.existsSync('/usr/lib/chromium/locales/ja.pak')) assert.equal(ui, 'ja|こんにちは');
      else { assert.equal(ui, 'en-US|Hello'); console.warn('# chromium-l10n not installed: extension UI language stays en-US'); }
      await x.openExtensionPage('popup.html');
      const want = { 'worker-probe.example': 'worker', 'cs-probe.example': 'page', 'popup-probe.example': 'extension' };
      for (let i = 0; i < 50 && Object.keys(want).some((h) => !x.requests.some((r) => r.url.includes(h))); i++) await new Promise((r) => setTimeout(r, 100));
      for (const [host, from] of Object.entries(want)) {
        const rec = x.requests.find((r) => r.url.includes(host));
        assert.ok(rec, `request to ${host} recorded`);
        assert.equal(rec.from, from, host);
        assert.equal(rec.served, 'aborted', host);
      }
      assert.equal(x.outside().length, 3);
    } finally {
      await x.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads ./extension when it has been built', { skip: !fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json')) && 'extension/manifest.json not built yet' }, async () => {
    const x = await launch({ extension: true });
    try {
      assert.ok(x.extensionId, 'service worker started');
      await x.open('/home');
    } finally { await x.close(); }
  });
});

describe('fixture documentation', () => {
  it('tests/fixtures/README.md lists exactly the facts derived from the JSON', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'tests/fixtures/README.md'), 'utf8');
    const block = readme.split('<!-- scenarios:begin -->')[1]?.split('<!-- scenarios:end -->')[0]?.trim();
    assert.equal(block, markdown().trim(), 'regenerate with: node tests/fixtures/x/scenarios.mjs');
  });

  it('scenario facts match the brief', () => {
    const kinds = homeEn.map((r) => r.kind);
    for (const k of ['original', 'repost', 'quote', 'reposted-quote', 'promoted', 'community']) assert.ok(kinds.includes(k), k);
    assert.ok(homeEn.some((r) => r.kind === 'original' && r.own));
    assert.ok(homeEn.some((r) => r.kind === 'repost' && r.own && r.reposter !== 'hana_lb'));
    assert.ok(homeEn.some((r) => r.reposter === 'evil_name'));
    assert.ok(homeEn.some((r) => r.kind === 'repost' && r.author === 'evil_name'));
    assert.ok(homeEn.some((r) => r.kind === 'original' && r.liked));
    assert.ok(homeEn.some((r) => r.kind === 'repost' && r.liked));
    assert.ok(/repost,repost,repost/.test(kinds.join()), 'three consecutive reposts');
    assert.equal(homeEn.filter((r) => r.module).length, 2);
    assert.deepEqual(homeJa.map(({ text, community, ...r }) => r), homeEn.map(({ text, community, ...r }) => r));
    assert.ok(homeEn2.filter((r) => r.kind === 'repost').length >= 3);
    assert.equal(profileAoi[0].kind, 'pinned');
    // created_at agrees with the snowflake id.
    for (const r of [...homeEn, ...homeEn2, ...profileAoi, ...detail]) {
      assert.equal(Date.parse(r.createdAt), Number(BigInt(r.id) >> 22n) + 1288834974657, r.id);
    }
  });
});
