// Plausible input only (core::admit): an absurd time in X's own API response must neither stop
// the tab from recording nor be stored. A 17-digit `timestampMs` is beyond 2^53 ms, so it
// cannot even become a JavaScript number: before admit, the batch holding it failed to
// serialise and the outbox retried it for ever, and every later like in that tab was lost.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { homeEn, notificationsEn, readApi, FILE, ME } from '../fixtures/x/scenarios.mjs';
import { health, settled, ask, waitLedger, pairs } from './lb.mjs';

/** 2006-03-21: no like on X is older. */
const X_BEGAN = Date.parse('2006-03-21T00:00:00.000Z');

/** Clicks a post's like button as a user would. */
async function clickLike(page, id) {
  const article = page.locator(`article[data-testid="tweet"]:has(a[href$="/status/${id}"] time)`).first();
  await article.scrollIntoViewIfNeeded();
  await article.locator('[data-testid="like"], [data-testid="unlike"]').first().click();
}

/** Every tweet object in an API body with this id. */
function tweetsWithId(value, id, out = []) {
  if (Array.isArray(value)) value.forEach((v) => tweetsWithId(v, id, out));
  else if (value && typeof value === 'object') {
    if (value.rest_id === id && value.legacy?.created_at) out.push(value);
    Object.values(value).forEach((v) => tweetsWithId(v, id, out));
  }
  return out;
}

describe('Absurd times in X\'s own responses', () => {
  let x;
  let page;
  // The notifications: one like notification dated with 17 digits of ms (the year 5138).
  const notifications = readApi(FILE.notificationsEn);
  const heart = Object.values(notifications.globalObjects.notifications).find((n) => n.icon?.id === 'heart_icon');
  heart.timestampMs = '99999999999999999';
  const absurdLikes = new Set(pairs(
    heart.template.aggregateUserActionsV1.fromUsers.map((f) => notifications.globalObjects.users[f.user.id].screen_name),
    heart.template.aggregateUserActionsV1.targetObjects.map((t) => t.tweet.id),
  ));
  const notified = new Set(notificationsEn.filter((n) => n.kind === 'like').flatMap((n) => pairs(n.from, n.post)));
  // Home: a post seen liked whose created_at has a six-digit year.
  const home = readApi(FILE.homeEn);
  const garbled = homeEn.find((r) => r.liked && !r.own && !r.reposter);
  const copies = tweetsWithId(home, garbled.id);
  for (const t of copies) t.legacy.created_at = t.legacy.created_at.replace(/\d{4}$/, '200000');

  before(async () => {
    x = await launch({ lang: 'en', api: { 'notifications/all': notifications, HomeTimeline: home } });
    page = await x.open('/notifications');
    await page.waitForSelector('article[data-testid="notification"]');
  });
  after(async () => { await x?.close(); });

  it('a like clicked after them in the same tab is counted, and nothing absurd is stored', async () => {
    assert.ok(absurdLikes.size > 0 && copies.length > 0, 'the fixtures were altered');
    // The notifications are learned, those of the absurd one dated no later than now.
    await waitLedger(x, (l) => [...notified].every((k) => l.received.has(k)), 'the notifications');
    // Then Home, in the same tab (X is a single-page app), and a real click.
    await page.evaluate(() => window.lbFixture.navigate('/home'));
    await page.waitForSelector(`article[data-testid="tweet"] a[href$="/status/${garbled.id}"]`);
    assert.equal(await health(page), 'ok');
    await settled(page);
    const clicked = homeEn.find((r) => !r.liked && !r.own && !r.reposter && !r.promoted);
    const before = Date.now();
    await clickLike(page, clicked.id);
    const l = await waitLedger(x, (l) => l.given.has(`${clicked.author}|${clicked.id}`)
      && l.given.has(`${garbled.author}|${garbled.id}`), 'the click and the post seen liked');
    const now = Date.now();
    for (const e of l.file.events) {
      const at = Date.parse(e.at);
      assert.ok(at >= X_BEGAN && at <= now, `${e.type} ${e.who} ${e.post} at ${e.at}`);
    }
    const at = (type, who, post) => Date.parse(l.file.events.find((e) => e.type === type && e.who === who && e.post === post).at);
    assert.ok(at('given', clicked.author, clicked.id) >= before - 1000, 'the click is dated now');
    // The garbled post is dated by its id (a snowflake: X's own clock to the ms, where
    // created_at has whole seconds), as X shows it.
    const dated = at('given', garbled.author, garbled.id) - Date.parse(garbled.createdAt);
    assert.ok(dated >= 0 && dated < 1000, `the post seen liked is dated by its id (${dated} ms off)`);
    for (const k of absurdLikes) {
      const [who, post] = k.split('|');
      const t = at('received', who, post);
      assert.ok(t <= now && t >= before - 60_000, `${k} dated when it was learned: ${new Date(t).toISOString()}`);
    }
    // The popup counts from the same ledger: it shows the page without an error.
    const popup = await x.openExtensionPage('popup.html');
    await popup.waitForSelector('[data-lb="owed-total"]');
    // What was corrected is counted for health.
    const status = (await ask(x, { type: 'status' })).status;
    assert.ok(status.refused.clamped >= absurdLikes.size, JSON.stringify(status.refused));
  });

  it('a forged batch sent to the background is checked again there', async () => {
    const post = homeEn.find((r) => r.own && !r.reposter).id;
    const reply = await ask(x, {
      type: 'learn',
      me: ME,
      events: [
        // A post id of u64::MAX (its snowflake time is in the year 2080).
        { type: 'given', who: 'aoi_dev', post: '18446744073709551615', at: Date.now() },
        // Received likes on a post I liked (someone else's), and from me.
        { type: 'received', who: 'mika_art', post: garbled.id, at: Date.now() },
        { type: 'received', who: ME, post, at: Date.now() },
        // Far in the future: counted, but dated now.
        { type: 'received', who: 'yuki_t', post, at: 8.6e15 },
      ],
      posts: [['aoi_dev', { id: '18446744073709551615', text: 'for ever newest' }]],
    });
    assert.equal(reply.ok, true);
    const l = await waitLedger(x, (l) => l.received.has(`yuki_t|${post}`), 'the plausible like');
    assert.ok(!l.given.has('aoi_dev|18446744073709551615'));
    assert.ok(!l.received.has(`mika_art|${garbled.id}`) && !l.received.has(`${ME}|${post}`));
    assert.ok(Date.parse(l.file.events.find((e) => e.who === 'yuki_t').at) <= Date.now());
    const status = (await ask(x, { type: 'status' })).status;
    assert.ok(status.refused.future_post >= 2 && status.refused.not_mine >= 2, JSON.stringify(status.refused));
  });
});
