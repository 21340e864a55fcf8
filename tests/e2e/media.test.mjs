// Real X as it is now, on the page: posts with a video, a GIF or a Spaces card are posts like any
// other (X wraps their players in a placementTracking *inside* the article), while an ad (a
// placementTracking *around* the article, with impression pixels) stays an ad. And "me" is read
// from the side bar's profile link or its account switcher as soon as X draws them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { homeMedia, FILE, ME, PEOPLE } from '../fixtures/x/scenarios.mjs';
import { health, settled, cells, ask, waitLedger } from './lb.mjs';
import { importKnownLedger } from './known-ledger.mjs';

const row = (pred) => {
  const r = homeMedia.find(pred);
  assert.ok(r, 'fixture row');
  return r;
};
const friendVideo = row((r) => r.author === 'mika_art' && r.media.includes('video') && !r.reposter);
const friendGif = row((r) => r.media.includes('animated_gif'));
const repostedVideo = row((r) => r.reposter && r.media.includes('video'));
const spaceCard = row((r) => r.space);
const ad = row((r) => r.kind === 'promoted');
const articleOf = (page, r) => page.locator(`article[data-testid="tweet"]:has(a[href="/${r.author}/status/${r.id}"] time)`);

describe('Posts with videos, GIFs and Spaces cards (mini X drawing them as real X does)', () => {
  let x;
  let page;
  before(async () => {
    // Tall enough for every cell to be mounted at once (and in one screenshot).
    x = await launch({ lang: 'en', api: { HomeTimeline: FILE.homeMedia }, viewport: { width: 1000, height: 2300 } });
    // Aoi, Mika, Yuki, Kenji and Sora liked my posts: they are friends, and get marks.
    await importKnownLedger(x);
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('mini X puts the placement tracker inside media posts and around the ad', async () => {
    const shape = await page.$$eval('[data-testid="cellInnerDiv"]', (cs) => cs.map((c) => {
      const a = c.querySelector('article[data-testid="tweet"]');
      return {
        around: !!a?.closest('[data-testid="placementTracking"]'),
        inside: a?.querySelectorAll('[data-testid="placementTracking"]').length ?? 0,
        players: a?.querySelectorAll('[data-testid="tweetPhoto"] [data-testid="placementTracking"] > [data-testid="videoPlayer"]').length ?? 0,
        pixels: c.querySelectorAll('[data-testid$="-impression-pixel"]').length,
      };
    }));
    assert.deepEqual(shape, homeMedia.map((r) => ({
      around: r.kind === 'promoted',
      inside: r.media.filter((m) => m !== 'photo').length + (r.space ? 1 : 0) + (r.kind === 'promoted' ? 1 : 0),
      players: r.media.filter((m) => m !== 'photo').length,
      pixels: r.kind === 'promoted' ? 4 : 0,
    })));
  });

  it('reads each post for what it is: media posts are posts, the ad stays an ad', async () => {
    const seen = await cells(page);
    assert.deepEqual(seen.map((c) => [c.kind, c.author, c.post, c.liked]), homeMedia.map((r) => (r.kind === 'promoted'
      ? ['promoted', null, null, null]
      : [r.lbKind, r.author, r.id, String(r.liked)])));
  });

  it('collapses the reposted video, marks the friends\' newest media posts, leaves the ad alone', async () => {
    const seen = await cells(page);
    const at = (r) => seen[homeMedia.indexOf(r)];
    assert.equal(at(repostedVideo).collapsed, 'true');
    assert.equal(at(repostedVideo).bar.reposter, PEOPLE[repostedVideo.reposter].name);
    assert.equal(at(repostedVideo).articleVisible, false);
    const marks = await page.$$eval('article[data-lb-mark]', (as) => as.map((a) => [a.dataset.lbAuthor, a.dataset.lbPost, a.dataset.lbMark]));
    for (const r of [friendVideo, friendGif, repostedVideo, spaceCard]) {
      assert.ok(marks.some(([who, post, mark]) => who === r.author && post === r.id && mark === 'newest-unliked'), `${r.author}'s ${r.id} marked; marks: ${JSON.stringify(marks)}`);
    }
    // The collapsed repost shows its mark on the bar.
    assert.ok(at(repostedVideo).bar.text.includes('♡'), at(repostedVideo).bar.text);
    const adCell = at(ad);
    assert.equal(adCell.kind, 'promoted');
    assert.equal(adCell.collapsed, null);
    assert.equal(adCell.articleVisible, true);
    const adArticle = page.locator('article[data-lb-kind="promoted"]');
    assert.equal(await adArticle.count(), 1);
    assert.equal(await adArticle.getAttribute('data-lb-mark'), null);
    assert.equal(await adArticle.getAttribute('data-lb-post'), null);
    assert.equal(await adArticle.locator('[data-lb]').count(), 0);
    await x.shot(page, 'media-home');
  });

  it('a like on a friend\'s video post is counted, and the friend is caught up', async () => {
    const article = articleOf(page, friendVideo);
    await article.locator('[data-testid="like"]').click();
    await waitLedger(x, (l) => l.given.has(`${friendVideo.author}|${friendVideo.id}`), 'the like of the video post');
    await page.waitForFunction((id) => document.querySelector(`article[data-lb-post="${id}"]`)?.dataset.lbMark === 'caught-up', friendVideo.id);
    assert.equal(await article.getAttribute('data-lb-liked'), 'true');
  });

  it('the popup counts that like given', async () => {
    const popup = await x.openExtensionPage('popup.html');
    const row = popup.locator(`[data-lb="owed"][data-lb-handle="${friendVideo.author}"]`);
    // Mika had liked my posts twice and I had liked one of theirs: with this like, nothing is owed.
    await popup.waitForSelector('[data-lb="owed-total"]');
    await popup.waitForFunction((h) => !document.querySelector(`[data-lb="owed"][data-lb-handle="${h}"]`), friendVideo.author);
    assert.equal(await row.count(), 0);
    await popup.close();
  });
});

describe('"me" from X\'s side bar, as soon as X draws it', () => {
  /** "me" as the background keeps it (the export names it). */
  const me = async (x) => JSON.parse((await ask(x, { type: 'export' })).text).me ?? null;

  it('from the account switcher when the profile link is missing, drawn after the timeline', async () => {
    const x = await launch({ lang: 'en', sidebar: { link: false, later: true } });
    try {
      const page = await x.open('/home');
      assert.equal(await health(page), 'ok');
      await settled(page);
      assert.notEqual(await me(x), ME, 'no side bar yet: "me" is not known');
      await page.evaluate(() => window.lbFixture.showSidebar());
      // No timeline cell changes: only the side bar appeared.
      await page.waitForSelector('[data-testid="SideNav_AccountSwitcher_Button"]');
      const end = Date.now() + 10_000;
      while ((await me(x)) !== ME && Date.now() < end) await new Promise((r) => setTimeout(r, 150));
      assert.equal(await me(x), ME);
    } finally {
      await x.close();
    }
  });

  it('from the profile link on a page with no timeline at all', async () => {
    const x = await launch({ lang: 'en', sidebar: { switcher: false, later: true } });
    try {
      const page = await x.open('/settings');
      assert.equal(await page.locator('[data-testid="cellInnerDiv"]').count(), 0);
      assert.notEqual(await me(x), ME);
      await page.evaluate(() => window.lbFixture.showSidebar());
      const end = Date.now() + 10_000;
      while ((await me(x)) !== ME && Date.now() < end) await new Promise((r) => setTimeout(r, 150));
      assert.equal(await me(x), ME);
    } finally {
      await x.close();
    }
  });
});
