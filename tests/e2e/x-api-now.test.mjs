// X's API as the web app uses it since autumn 2026, learned from mini X following it: the
// profile's UserOriginalsTimeline, GraphQL served from api.x.com, the likes page at
// /i/history/likes, and GraphQL NotificationsTimeline while the REST notifications come back
// empty. Each is proven by what the ledger learned from a response, not from the page: the
// liked post is placed where mini X never mounts it (beyond the virtual list's range), and
// mini X's notification cells link no post.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { FILE, ME, likesMine, notificationsGqlEn, profileOriginalsAoi } from '../fixtures/x/scenarios.mjs';
import { makeTweetEntry, makeCursorEntry, makeUser, wrapTimeline, addEntries, snowflake } from '../fixtures/x/entries.mjs';
import { health, settled, waitLedger, pairs, sameSet } from './lb.mjs';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const H = 3600_000;

/**
 * A timeline body for `op` of 30 posts by `author`, newest first, X's 2026 user shape (no
 * `legacy`); the last is `author`'s reply to Kenji, liked by me. Returns {body, liked}.
 */
function longTimeline(op, author) {
  const ids = Array.from({ length: 30 }, (_, i) => snowflake(T0 - i * H, 0x5151 + i));
  const entries = ids.map((id, i) => makeTweetEntry({
    id, author, text: `Post ${i + 1} of a long timeline`,
    ...(i === ids.length - 1 ? { favorited: true, replyTo: { id: snowflake(T0 - 40 * H, 7), author: 'kenji_k' } } : {}),
  }));
  entries.push(makeCursorEntry('Bottom', 'DAABCgABlbLongEnd', '1'));
  const body = wrapTimeline(op, [addEntries(entries)]);
  const strip = (v) => {
    if (!v || typeof v !== 'object') return;
    if (v.__typename === 'User' && v.core) delete v.legacy;
    Object.values(v).forEach(strip);
  };
  strip(body);
  return { body, liked: ids.at(-1) };
}

/** Whether mini X has a cell mounted for post `id`. */
const mounted = (page, id) => page.evaluate((id) => window.lbFixture.items().some((it) => it.id === id && it.mounted), id);

describe('X\'s current API', () => {
  let x;
  afterEach(async () => { await x?.close(); x = null; });

  it('a profile answered by UserOriginalsTimeline is learned (no reposts there)', async () => {
    const { body, liked } = longTimeline('UserOriginalsTimeline', 'aoi_dev');
    x = await launch({ profileOp: 'UserOriginalsTimeline', api: { 'UserOriginalsTimeline:aoi_dev': body } });
    const page = await x.open('/aoi_dev');
    assert.equal(await health(page), 'ok');
    await settled(page);
    assert.ok(x.apiCalls.some((c) => c.op === 'UserOriginalsTimeline' && c.key === 'aoi_dev'), 'mini X asked for UserOriginalsTimeline');
    assert.ok(!x.apiCalls.some((c) => c.op === 'UserTweets'));
    // Aoi's reply, liked, far below the fold: known only from the response.
    const l = await waitLedger(x, (l) => l.given.has(`aoi_dev|${liked}`), 'the like on the reply in UserOriginalsTimeline');
    assert.equal(await mounted(page, liked), false, 'the liked reply was never on the page');
    assert.equal(l.file.events.find((e) => e.post === liked).at, new Date(T0 - 29 * H).toISOString());
    assert.equal(await page.locator('[data-lb="repost-bar"], article[data-lb-kind="repost"]').count(), 0);
  });

  it('the fixture profile from UserOriginalsTimeline shows Aoi\'s own posts, none reposted', async () => {
    x = await launch({ profileOp: 'UserOriginalsTimeline' });
    const page = await x.open('/aoi_dev');
    await settled(page);
    const shown = await page.$$eval('article[data-lb-post]', (as) => as.map((a) => [a.dataset.lbPost, a.dataset.lbKind, a.dataset.lbAuthor]));
    assert.deepEqual(shown.map((s) => s[0]), profileOriginalsAoi.map((r) => r.id));
    assert.ok(shown.every(([, kind, author]) => kind !== 'repost' && author === 'aoi_dev'), JSON.stringify(shown));
    // Aoi's CLI post, liked in the response (and on the page).
    await waitLedger(x, (l) => l.given.has(`aoi_dev|${profileOriginalsAoi.find((r) => r.liked).id}`), 'the liked post');
  });

  it('a timeline served from api.x.com is learned', async () => {
    const { body, liked } = longTimeline('HomeTimeline', 'sora_w');
    x = await launch({ apiHostOps: ['HomeTimeline'], api: { HomeTimeline: body } });
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    const call = x.apiCalls.find((c) => c.op === 'HomeTimeline');
    assert.equal(new URL(call.url).host, 'api.x.com');
    assert.equal(call.status, 200);
    assert.deepEqual(x.outside(), [], 'api.x.com is X: nothing else was asked');
    await waitLedger(x, (l) => l.given.has(`sora_w|${liked}`), 'the like in the api.x.com response');
    assert.equal(await mounted(page, liked), false, 'the liked post was never on the page');
  });

  it('my likes page at /i/history/likes gives every like on it, a reply\'s too', async () => {
    x = await launch();
    const page = await x.open('/i/history/likes');
    await settled(page);
    assert.ok(x.apiCalls.some((c) => c.op === 'Likes' && c.key === ME && c.file === FILE.likesMine));
    const expected = new Set(likesMine.map((r) => `${r.author}|${r.id}`));
    assert.ok(likesMine.some((r) => r.replyTo), 'a reply is among them');
    const l = await waitLedger(x, (l) => [...expected].every((k) => l.given.has(k)), 'the likes page');
    assert.ok(sameSet(l.given, expected), `given ${[...l.given]}`);
  });

  it('notifications come from GraphQL NotificationsTimeline while REST is empty', async () => {
    x = await launch({ notifications: 'graphql', api: { 'notifications/all': FILE.notificationsEmpty } });
    const page = await x.open('/notifications');
    await page.waitForSelector('article[data-testid="notification"]');
    assert.ok(x.apiCalls.some((c) => c.op === 'NotificationsTimeline' && c.file === FILE.notificationsGqlEn));
    assert.ok(x.apiCalls.some((c) => c.op === 'notifications/all' && c.file === FILE.notificationsEmpty));
    assert.equal(await page.locator('article[data-testid="notification"]').count(), notificationsGqlEn.length);
    const expected = new Set(notificationsGqlEn.filter((n) => n.kind === 'like').flatMap((n) => pairs(n.from, n.post)));
    assert.equal(expected.size, 7);
    const l = await waitLedger(x, (l) => l.received.size >= expected.size, 'the GraphQL notifications');
    assert.ok(sameSet(l.received, expected), `received ${[...l.received]}`);
    // Dated by the notification.
    const first = notificationsGqlEn[0];
    const e = l.file.events.find((e) => e.type === 'received' && e.who === first.from[0] && e.post === first.post);
    assert.equal(e.at, first.at);
  });
  it('heart notifications are found by structure, whatever GraphQL shape X sends', async () => {
    // The same notifications in another plausible shape: no template; the likers only in
    // rich_message entities, the liked post beside them as the item's tweet_results, the heart
    // only in the entry's clientEventInfo, an ISO time. (mini X cannot draw these cells; the
    // ledger still learns them from X's response.)
    const likes = notificationsGqlEn.filter((n) => n.kind === 'like');
    const entries = likes.map((n, i) => ({
      entryId: `notification-other-${i}`,
      content: {
        clientEventInfo: { component: 'urt', element: 'users_liked_your_tweet' },
        itemContent: {
          timestamp_ms: n.at,
          rich_message: { text: n.text, entities: n.from.map((h) => ({ ref: { user_results: { result: makeUser(h) } } })) },
          tweet_results: { result: makeTweetEntry({ id: n.post, author: ME, text: 'mine' }).content.itemContent.tweet_results.result },
        },
      },
    }));
    const body = wrapTimeline('NotificationsTimeline', [addEntries(entries)]);
    x = await launch({ notifications: 'graphql', api: { NotificationsTimeline: body, 'notifications/all': FILE.notificationsEmpty } });
    const page = await x.open('/notifications');
    assert.ok(x.apiCalls.some((c) => c.op === 'NotificationsTimeline'));
    const expected = new Set(likes.flatMap((n) => pairs(n.from, n.post)));
    const l = await waitLedger(x, (l) => l.received.size >= expected.size, 'the other shape');
    assert.ok(sameSet(l.received, expected), `received ${[...l.received]}`);
    assert.equal(await page.locator('article[data-testid="notification"]').count(), 0, 'nothing on the page to learn from');
  });
});
