// Counts that say how complete they are (X's like count beside the likers seen, per post in
// Insights and for the counting window in the popup), and "where I left off" (the divider on a
// second visit to a timeline), in English and Japanese.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { IDS, ME } from '../fixtures/x/scenarios.mjs';
import { makeTweetEntry, makeUserEntry, wrapTimeline, addEntries } from '../fixtures/x/entries.mjs';
import { health, settled, ask, importExport } from './lb.mjs';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
const EPOCH = 1288834974657n;
const idAt = (ms, n) => String(((BigInt(Math.floor(ms)) - EPOCH) << 22n) | BigInt(n));

/**
 * My posts: A, B, C in the last 7 days with X's like counts 10, 6 and 4; D ten days ago (50
 * likes, outside the window); U two days ago, whose count X never showed (two likers known from
 * an import). A repost of mine of Aoi's post (999 likes) is not my post: its count is not mine.
 * The likes lists show 5 of A's likers and 3 of B's.
 */
const POSTS = {
  A: { id: idAt(NOW - 1 * DAY, 1), likes: 10 },
  B: { id: idAt(NOW - 2 * DAY, 2), likes: 6 },
  C: { id: idAt(NOW - 3 * DAY, 3), likes: 4 },
  D: { id: idAt(NOW - 10 * DAY, 4), likes: 50 },
  U: { id: idAt(NOW - 2 * DAY - HOUR, 5) },
};
const AOI_POST = idAt(NOW - 4 * DAY, 6);
const LIKERS = {
  A: ['aoi_dev', 'kenji_k', 'mika_art', 'sora_w', 'yuki_t'],
  B: ['aoi_dev', 'kenji_k', 'tech_daily'],
};

function profileBody() {
  const mine = ['A', 'B', 'C', 'D'].map((k) => makeTweetEntry({
    id: POSTS[k].id, author: ME, text: `My post ${k}`, favoriteCount: POSTS[k].likes,
  }));
  const repost = makeTweetEntry({ id: AOI_POST, author: 'aoi_dev', text: 'Aoi\'s post', favoriteCount: 999, repostBy: ME });
  return wrapTimeline('UserTweets', [addEntries([mine[0], repost, ...mine.slice(1)])]);
}

const favoriters = (handles) => wrapTimeline('Favoriters', [addEntries(handles.map((h) => makeUserEntry(h)))]);

const api = {
  [`UserTweets:${ME}`]: profileBody(),
  [`Favoriters:${POSTS.A.id}`]: favoriters(LIKERS.A),
  [`Favoriters:${POSTS.B.id}`]: favoriters(LIKERS.B),
};

const storedCounts = (x) => x.serviceWorker.evaluate(async () => JSON.parse((await chrome.storage.local.get('like_counts')).like_counts ?? '{}'));

async function waitFor(what, check, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TEXT = {
  en: {
    rows: ['likers seen: 5 of 10', 'likers seen: 3 of 6', 'likers seen: 2 (like count not known)', 'likers seen: 0 of 4', 'likers seen: 0 of 50'],
    popup: 'Likes on your posts (last 7 days): you have seen 40% (8 of 20).',
    divider: /^You were here · 2 h ago$/,
  },
  ja: {
    rows: ['10人中5人を確認', '6人中3人を確認', '2人を確認（いいねの数は不明）', '4人中0人を確認', '50人中0人を確認'],
    popup: '自分のポストへのいいね（直近7日）：20件中8件（40%）を確認しました。',
    divider: /^前回はここまで・2時間前$/,
  },
};

for (const lang of ['en', 'ja']) {
  describe(`coverage of the likes on my posts (${lang})`, () => {
    let x;
    before(async () => {
      x = await launch({ lang, api, timezoneId: 'UTC' });
      // Two likers of U, known from an earlier export; X's count of U is never shown.
      await importExport(x, {
        settings: { window: '7' },
        events: ['neko_news', 'sora_w'].map((who) => ({ type: 'received', who, post: POSTS.U.id, at: new Date(NOW - 2 * DAY).toISOString() })),
      });
    });
    after(async () => { await x?.close(); });

    it('learns X\'s like counts of my posts from its API, not of anyone else\'s', async () => {
      const page = await x.open(`/${ME}`);
      assert.equal(await health(page), 'ok');
      const counts = await waitFor('the like counts', async () => {
        const c = await storedCounts(x);
        return Object.keys(c).length >= 4 && c;
      });
      assert.deepEqual(counts, {
        [POSTS.A.id]: 10, [POSTS.B.id]: 6, [POSTS.C.id]: 4, [POSTS.D.id]: 50,
      });
      await page.close();
    });

    it('counts the likers the likes lists show', async () => {
      for (const k of ['A', 'B']) {
        const page = await x.open(`/${ME}/status/${POSTS[k].id}/likes`);
        await waitFor(`the likers of ${k}`, async () => {
          const reply = await ask(x, { type: 'export' });
          const events = JSON.parse(reply.text).events;
          return events.filter((e) => e.type === 'received' && e.post === POSTS[k].id).length === LIKERS[k].length;
        });
        await page.close();
      }
    });

    it('Insights says per post how many likers were seen of X\'s count, or that the count is unknown', async () => {
      const options = await x.openExtensionPage('options.html#insights');
      await options.waitForSelector('[data-lb="coverage-table"]');
      const rows = await options.$$eval('[data-lb="post-coverage"]', (rs) => rs.map((r) => ({
        post: r.dataset.lbPost, seen: r.dataset.lbSeen, count: r.dataset.lbCount, text: r.querySelectorAll('td')[1].textContent,
      })));
      assert.deepEqual(rows, [
        { post: POSTS.A.id, seen: '5', count: '10', text: TEXT[lang].rows[0] },
        { post: POSTS.B.id, seen: '3', count: '6', text: TEXT[lang].rows[1] },
        { post: POSTS.U.id, seen: '2', count: 'unknown', text: TEXT[lang].rows[2] },
        { post: POSTS.C.id, seen: '0', count: '4', text: TEXT[lang].rows[3] },
        { post: POSTS.D.id, seen: '0', count: '50', text: TEXT[lang].rows[4] },
      ]);
      // Aoi's post, reposted by me, is not among mine.
      assert.equal(await options.locator(`[data-lb="post-coverage"][data-lb-post="${AOI_POST}"]`).count(), 0);
      await options.locator('[data-lb="coverage"]').scrollIntoViewIfNeeded();
      await x.shot(options, `coverage-insights-${lang}`);
      await options.close();
    });

    it('the popup says what share of the window\'s likes was seen, from the known counts only', async () => {
      const popup = await x.openExtensionPage('popup.html');
      const line = popup.locator('[data-lb="coverage"]');
      await line.waitFor();
      // A, B and C are in the last 7 days: 5 + 3 + 0 of 10 + 6 + 4. U (count unknown) and D
      // (older) are left out.
      assert.equal(await line.getAttribute('data-lb-percent'), '40');
      assert.equal(await line.getAttribute('data-lb-seen'), '8');
      assert.equal(await line.getAttribute('data-lb-count'), '20');
      assert.equal(await line.textContent(), TEXT[lang].popup);
      await x.shot(popup, `coverage-popup-${lang}`);
      await popup.close();
    });
  });
}

describe('the popup without any like count', () => {
  it('says the counts are unknown when only likers are known', async () => {
    const x = await launch({ lang: 'en' });
    try {
      await importExport(x, {
        settings: { window: '7' },
        events: [{ type: 'received', who: 'aoi_dev', post: POSTS.U.id, at: new Date(NOW - 2 * DAY).toISOString() }],
      });
      const popup = await x.openExtensionPage('popup.html');
      const line = popup.locator('[data-lb="coverage"]');
      await line.waitFor();
      assert.equal(await line.getAttribute('data-lb-percent'), 'unknown');
      assert.equal(await line.textContent(), 'Likes on your posts (last 7 days): X\'s like counts are not known yet.');
      assert.equal(await popup.locator('[data-lb="coverage"][data-lb-seen]').count(), 0);
    } finally {
      await x.close();
    }
  });
});

// ---- Where I left off ------------------------------------------------------------------

/** Six posts of a first visit, then three new ones above them on the next. */
const OLD = [1, 2, 3, 4, 5, 6].map((i) => makeTweetEntry({
  id: idAt(NOW - (10 + i) * HOUR, 100 + i), author: ['aoi_dev', 'kenji_k', 'mika_art'][i % 3], text: `Earlier post ${i}`,
}));
const NEW = [1, 2, 3].map((i) => makeTweetEntry({
  id: idAt(NOW - i * 10 * 60_000, 200 + i), author: ['sora_w', 'yuki_t', 'aoi_dev'][i % 3], text: `New post ${i}`,
}));
const idOf = (entry) => entry.entryId.replace('tweet-', '');

const NEWER = [1, 2].map((i) => makeTweetEntry({
  id: idAt(NOW - i * 60_000, 300 + i), author: ['kenji_k', 'mika_art'][i % 2], text: `Newer post ${i}`,
}));

/** The timeline as X shows it on each visit: new posts on top of the last visit's each time. */
function visits(op) {
  const shown = [OLD, [...NEW, ...OLD], [...NEWER, ...NEW, ...OLD]];
  let n = 0;
  return () => wrapTimeline(op, [addEntries(shown[Math.min(n++, shown.length - 1)])]);
}

const storedVisit = (x, timeline) => x.serviceWorker.evaluate(async (t) => {
  const text = (await chrome.storage.local.get('last_seen')).last_seen ?? '';
  const line = text.split('\n').find((l) => l.startsWith(`${t}\t`));
  if (!line) return null;
  const [, at, ids] = line.split('\t');
  return { at: Number(at), ids: ids.split(',') };
}, timeline);

/** Moves the stored visit back by `ms`, as if it had been that long ago. */
const ageVisit = (x, ms) => x.serviceWorker.evaluate(async (by) => {
  const text = (await chrome.storage.local.get('last_seen')).last_seen ?? '';
  const aged = text.split('\n').map((l) => {
    const parts = l.split('\t');
    if (parts.length !== 3) return l;
    parts[1] = String(Number(parts[1]) - by);
    return parts.join('\t');
  }).join('\n');
  await chrome.storage.local.set({ last_seen: aged });
}, ms);

/** Where the divider is: the post of the cell it sits in, and how many posts are above it. */
const divider = (page) => page.evaluate(() => {
  const d = document.querySelector('[data-lb="last-seen"]');
  if (!d) return null;
  const cells = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].filter((c) => c.querySelector('article'));
  const cell = d.closest('[data-testid="cellInnerDiv"]');
  return {
    text: d.textContent,
    post: d.dataset.lbPost,
    cellPost: cell?.querySelector('article')?.dataset.lbPost,
    above: cells.indexOf(cell),
    visible: d.getClientRects().length > 0,
    count: document.querySelectorAll('[data-lb="last-seen"]').length,
  };
});

/** Opens the timeline and waits until this visit is stored (its posts seen). */
async function visit(x, path, timeline, { following = false, after = 0 } = {}) {
  const page = await x.open(path);
  assert.equal(await health(page), 'ok');
  if (following) {
    await page.locator('a[role="tab"][data-fx-tab="1"]').click();
    await page.waitForFunction(() => window.lbFixture?.state?.view?.name === 'home:following'
      || document.querySelector('a[role="tab"][data-fx-tab="1"][aria-selected="true"]'));
  }
  await settled(page);
  await waitFor(`the visit to ${timeline}`, async () => {
    const v = await storedVisit(x, timeline);
    return v && v.at > after && v;
  });
  return page;
}

/** Leaves the timeline in place (X's own navigation), which ends the visit, and waits for it. */
async function leave(x, page, timeline) {
  const before = (await storedVisit(x, timeline)).at;
  await page.evaluate(() => window.lbFixture.navigate('/notifications'));
  await waitFor('the end of the visit', async () => (await storedVisit(x, timeline)).at > before);
  await page.close();
}

for (const [lang, where] of [['en', 'list'], ['ja', 'following']]) {
  describe(`where I left off (${lang}, ${where === 'list' ? 'an X list' : 'Home, Following'})`, () => {
    let x;
    const op = where === 'list' ? 'ListLatestTweetsTimeline' : 'HomeLatestTimeline';
    const path = where === 'list' ? `/i/lists/${IDS.listId}` : '/home';
    const timeline = where === 'list' ? `list:${IDS.listId}` : 'home:following';
    const key = where === 'list' ? `${op}:${IDS.listId}` : op;
    const opts = { following: where === 'following' };
    before(async () => {
      x = await launch({ lang, api: { [key]: visits(op) }, timezoneId: 'UTC' });
    });
    after(async () => { await x?.close(); });

    it('no divider on the first visit', async () => {
      const page = await visit(x, path, timeline, opts);
      const v = await storedVisit(x, timeline);
      assert.deepEqual(v.ids, OLD.map(idOf));
      assert.equal(await divider(page), null);
      await leave(x, page, timeline);
    });

    it('on the next visit, the divider sits above the first post already seen, below the new ones', async () => {
      await ageVisit(x, 2 * HOUR + 30_000);
      const page = await x.open(path);
      if (opts.following) await page.locator('a[role="tab"][data-fx-tab="1"]').click();
      await page.waitForSelector('[data-lb="last-seen"]');
      await settled(page);
      const d = await divider(page);
      assert.equal(d.post, idOf(OLD[0]));
      assert.equal(d.cellPost, idOf(OLD[0]));
      assert.equal(d.above, NEW.length);
      assert.equal(d.count, 1);
      assert.ok(d.visible);
      assert.match(d.text, TEXT[lang].divider);
      await page.locator('[data-lb="last-seen"]').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -200));
      await x.shot(page, `last-seen-${lang}`);

      // Turned off in the settings: it goes from the open tab at once.
      const options = await x.openExtensionPage('options.html');
      const box = options.locator('input[data-lb="last-seen-setting"]');
      assert.equal(await box.isChecked(), true);
      await box.uncheck();
      await page.waitForFunction(() => !document.querySelector('[data-lb="last-seen"]'));
      await options.close();
      await leave(x, page, timeline);
    });

    it('no divider when turned off', async () => {
      const before = (await storedVisit(x, timeline)).at;
      // New posts above the last visit again (the divider would go above the first of the
      // last visit's), but the setting is off.
      const page = await visit(x, path, timeline, { ...opts, after: before });
      await settled(page);
      assert.equal(await divider(page), null);
      await page.close();
    });
  });
}
