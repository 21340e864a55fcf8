// The content script messages the background rarely: what it learns while X streams posts in
// is gathered and sent about once a second, at once on a like the user gives, and when the tab
// is closed right after scrolling nothing learned is lost.
//
// Learn messages are counted where they arrive: a second `runtime.onMessage` listener added in
// the service worker (it answers nothing, so Likeback's own listener still replies).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';
import { health, settled, waitLedger } from './lb.mjs';
import { makeTweetEntry, PEOPLE, ME, snowflake } from '../fixtures/x/entries.mjs';

const POSTS = 1000;
const PER_FRAME = 10;

/** 1,000 posts (30 % reposts, one in seven liked), as the scroll benchmark streams them. */
function entries() {
  const people = Object.keys(PEOPLE).filter((h) => h !== 'evil_name' && h !== ME);
  const out = [];
  const start = Date.parse('2026-11-23T12:00:00Z');
  const liked = new Set();
  let lastId;
  for (let i = 0; i < POSTS; i++) {
    const at = start - i * 60_000;
    const author = people[i % people.length];
    const repost = i % 10 < 3;
    const id = snowflake(at - (repost ? 3_600_000 : 0), i);
    // The last post is liked too: it is learned in the very last batch before the tab closes.
    const favorited = i % 7 === 0 || i === POSTS - 1;
    if (favorited) liked.add(`${author}|${id}`);
    lastId = id;
    out.push(makeTweetEntry({
      id,
      author,
      text: `Post number ${i} from ${author}.`,
      createdAt: at - (repost ? 3_600_000 : 0),
      favorited,
      ...(repost ? { repostBy: people[(i + 3) % people.length], repostId: snowflake(at, i), repostedAt: at } : {}),
    }));
  }
  return { list: out, liked, lastId };
}

/** Starts counting Learn messages in the service worker: [{at, given: [post ids]}]. */
async function countLearn(x) {
  await x.serviceWorker.evaluate(() => {
    globalThis.__lbLearnSeen = [];
    if (globalThis.__lbLearnCounting) return;
    globalThis.__lbLearnCounting = true;
    chrome.runtime.onMessage.addListener((m) => {
      if (m?.type === 'learn') {
        globalThis.__lbLearnSeen.push({
          at: Date.now(),
          given: (m.events ?? []).filter((e) => e.type === 'given').map((e) => String(e.post)),
        });
      }
    });
  });
}
const learnSeen = (x) => x.serviceWorker.evaluate(() => globalThis.__lbLearnSeen);

describe('Messages to the background', () => {
  let x;
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); });

  it('a like the user gives goes to the background at once, not after the gathering pause', async () => {
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    await countLearn(x);
    // What the first reading learned has gone (the gathering pause is 1 s).
    await page.waitForTimeout(1500);
    await countLearn(x);
    const article = page.locator('article[data-testid="tweet"]:has([data-testid="like"])').first();
    const id = (await article.getAttribute('data-lb-post'));
    const author = await article.getAttribute('data-lb-author');
    assert.ok(id && author, 'a processed post not yet liked');
    const clicked = Date.now();
    await article.locator('[data-testid="like"]').click();
    await waitLedger(x, (l) => l.given.has(`${author}|${id}`), 'the like');
    const seen = await learnSeen(x);
    const carrying = seen.find((m) => m.given.includes(id));
    assert.ok(carrying, `a Learn message carried the like: ${JSON.stringify(seen)}`);
    assert.ok(carrying.at - clicked < 900, `sent ${carrying.at - clicked} ms after the click`);
    await page.close();
  });

  it('scrolling 1,000 posts sends a handful of messages, and closing the tab right after loses nothing', async () => {
    const page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    await page.waitForTimeout(1500);
    await countLearn(x);
    const { list, liked, lastId } = entries();
    const started = Date.now();
    await page.evaluate(async ({ list, perFrame }) => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      for (let i = 0; i < list.length; i += perFrame) {
        window.lbFixture.appendEntries(list.slice(i, i + perFrame), perFrame);
        window.scrollTo(0, document.documentElement.scrollHeight);
        await frame();
      }
      await window.lbFixture.scrollToBottom();
    }, { list, perFrame: PER_FRAME });
    // The last post has been read (so what it taught is waiting to be sent), then the tab closes.
    await page.waitForFunction((id) => document.querySelector(`article[data-lb-post="${id}"]`), lastId);
    const seconds = (Date.now() - started) / 1000;
    await page.close();
    await waitLedger(x, (l) => [...liked].every((k) => l.given.has(k)), 'every post seen liked', 20_000);
    const messages = (await learnSeen(x)).length;
    console.log(`# ${messages} Learn messages for ${POSTS} posts scrolled in ${seconds.toFixed(1)} s`);
    // About once a second: on a loaded machine the scroll itself takes longer than 5 s.
    assert.ok(messages <= Math.max(5, Math.ceil(seconds) + 2), `${messages} messages in ${seconds.toFixed(1)} s`);
  });
});
