// Each friend's newest unliked post marked on the page, and the toolbar popup of remaining
// like-backs, with a known ledger imported first.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, withX } from './harness.mjs';
import { homeEn, homeEn2, profileAoi, ME } from '../fixtures/x/scenarios.mjs';
import { health, settled, cells, scrollThrough, waitLedger } from './lb.mjs';
import { importKnownLedger, PEOPLE, OWED } from './known-ledger.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';
const FRIENDS = new Set(PEOPLE.map(([h]) => h));

/**
 * Each friend's newest post among `rows` (their originals and quotes, also when shown inside
 * someone's repost; replies are not "posts" to like back), with whether I liked it.
 */
function newestOf(rows) {
  const newest = new Map();
  for (const r of rows) {
    if (!FRIENDS.has(r.author) || r.replyTo || r.kind === 'promoted') continue;
    const known = newest.get(r.author);
    if (!known || BigInt(r.id) > BigInt(known.id)) newest.set(r.author, r);
  }
  return newest;
}

/** Every marked article on the page now: author → {post, mark, badge}. */
function marked(page) {
  return page.$$eval('article[data-lb-mark]', (as) => as.map((a) => ({
    author: a.dataset.lbAuthor,
    post: a.dataset.lbPost,
    mark: a.dataset.lbMark,
    badge: a.querySelector(':scope > [data-lb="badge"]')?.textContent ?? null,
    badgeVisible: (() => { const b = a.querySelector(':scope > [data-lb="badge"]'); return !!b && b.getClientRects().length > 0; })(),
    collapsed: a.closest('[data-testid="cellInnerDiv"]')?.dataset.lbCollapsed ?? null,
    barBadge: a.closest('[data-testid="cellInnerDiv"]')?.querySelector('[data-lb="bar-badge"]')?.textContent ?? null,
  })));
}

describe('Marks on Home', () => {
  let x;
  let page;
  // Page 1 and page 2 of Home, plus Aoi's post that Yuki quotes (X's response names it too).
  const rows = [...homeEn, ...homeEn2, profileAoi.find((r) => r.id === homeEn[3].quoted.id)];
  const expected = newestOf(rows);
  before(async () => {
    x = await launch({ lang: 'en' });
    await importKnownLedger(x);
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    await page.evaluate(() => window.lbFixture.scrollToBottom());
    // Page 2 arrived: every friend's newest post is known.
    await page.waitForFunction(() => window.lbFixture.stats().items > 20);
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('marks exactly each friend\'s newest post: unliked with a badge, liked as caught up', async () => {
    const seen = new Map();
    await scrollThrough(page, {
      onStep: async () => {
        for (const m of await marked(page)) seen.set(`${m.author}|${m.post}`, m);
      },
    });
    const want = new Map([...expected.values()].map((r) => [`${r.author}|${r.id}`, r]));
    assert.deepEqual([...seen.keys()].sort(), [...want.keys()].sort(), 'no other post is marked');
    for (const [key, m] of seen) {
      const r = want.get(key);
      assert.equal(m.mark, r.liked ? 'caught-up' : 'newest-unliked', key);
      if (!r.liked) assert.match(m.badge, /^♡ like back( · \d+)?$/, key);
      else assert.equal(m.badge, '✓ caught up');
    }
    // Aoi: the newest of hers is on top, her older posts on the page are not marked.
    assert.equal(expected.get('aoi_dev').id, homeEn[0].id);
    // Evil's newest is the original on page 2, not the older post Kenji reposted on page 1.
    assert.equal(expected.get('evil_name').id, homeEn2.find((r) => r.author === 'evil_name' && r.kind === 'original').id);
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    await x.shot(page, 'marks-home-en');
  });

  it('a friend\'s post seen only in someone\'s repost is theirs, and the collapsed bar shows the badge', async () => {
    const tech = homeEn.find((r) => r.author === 'tech_daily');
    assert.equal(tech.kind, 'repost');
    const m = (await marked(page)).find((m) => m.author === 'tech_daily');
    assert.equal(m.post, tech.id);
    assert.equal(m.collapsed, 'true');
    assert.match(m.barBadge, /^♡ like back · 1$/);
    assert.equal(m.badge, m.barBadge);
  });

  it('no mark on promoted posts or my own', async () => {
    const all = await cells(page);
    const mine = all.filter((c) => c.author === ME || c.kind === 'promoted');
    assert.ok(mine.length >= 2);
    const marks = await marked(page);
    assert.ok(!marks.some((m) => m.author === ME || m.author === 'cloudnote_app'));
  });

  it('liking the marked post moves the mark away at once: the friend is caught up', async () => {
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    const aoi = page.locator(`article[data-lb-post="${homeEn[0].id}"]`);
    assert.equal(await aoi.getAttribute('data-lb-mark'), 'newest-unliked');
    await aoi.locator('[data-testid="like"]').click();
    await page.waitForFunction((id) => document.querySelector(`article[data-lb-post="${id}"]`)?.dataset.lbMark === 'caught-up', homeEn[0].id, { timeout: 2000 });
    assert.equal(await aoi.locator(':scope > [data-lb="badge"]').textContent(), '✓ caught up');
    assert.equal(await page.locator('article[data-lb-author="aoi_dev"][data-lb-mark="newest-unliked"]').count(), 0);
    await waitLedger(x, (l) => l.given.has(`aoi_dev|${homeEn[0].id}`), 'the like');
  });

  it('Shift+J jumps to the next marked post', async () => {
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const visited = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+J');
      await page.waitForTimeout(150);
      visited.push(await page.evaluate(() => {
        const f = document.activeElement;
        const article = f.matches('article') ? f : f.closest('[data-testid="cellInnerDiv"]')?.querySelector('article');
        return { post: article?.dataset.lbPost, mark: article?.dataset.lbMark, top: Math.round(f.getBoundingClientRect().top) };
      }));
    }
    assert.ok(visited.every((v) => v.mark === 'newest-unliked'), JSON.stringify(visited));
    assert.equal(new Set(visited.map((v) => v.post)).size, 3, 'three different posts');
    const viewport = page.viewportSize().height;
    assert.ok(visited.every((v) => v.top > 0 && v.top < viewport), 'each brought into view');
    // Typing a capital J in a text field is not the shortcut.
    await page.evaluate(() => { const i = document.createElement('input'); i.id = 'typing'; document.body.prepend(i); i.focus(); });
    const y = await page.evaluate(() => window.scrollY);
    await page.keyboard.press('Shift+J');
    assert.equal(await page.evaluate(() => document.getElementById('typing').value), 'J');
    assert.equal(await page.evaluate(() => window.scrollY), y);
  });
});

describe('Marks on a profile, and in recycled cells', () => {
  let x;
  before(async () => {
    x = await launch({ lang: 'en', recycle: true, viewport: { width: 1000, height: 320 } });
    await importKnownLedger(x);
  });
  after(async () => { await x?.close(); });

  it('on a friend\'s profile the marked post is their newest, not the pinned one', async () => {
    const page = await x.open('/aoi_dev');
    await settled(page);
    const newest = newestOf(profileAoi).get('aoi_dev');
    const m = (await marked(page)).filter((m) => m.author === 'aoi_dev');
    assert.deepEqual(m.map((m) => [m.post, m.mark]), [[newest.id, 'newest-unliked']]);
    assert.notEqual(newest.kind, 'pinned');
  });

  it('cells X reuses for other posts carry the right mark, and only that', async () => {
    const page = await x.open('/home');
    await settled(page);
    const rows = [...homeEn, ...homeEn2];
    let checks = 0;
    await scrollThrough(page, {
      onStep: async () => {
        const marks = await marked(page);
        for (const m of marks) {
          const friend = newestOf([...rows, profileAoi.find((r) => r.id === homeEn[3].quoted.id)]).get(m.author);
          // A post is marked only as its author's newest post known so far.
          assert.ok(friend, `${m.author} is a friend`);
          assert.ok(BigInt(m.post) <= BigInt(friend.id));
          checks++;
        }
        // Every cell's badge belongs to the post it shows now.
        const stray = await page.$$eval('[data-testid="cellInnerDiv"]', (cs) => cs.filter((c) => {
          const a = c.querySelector('article');
          return c.querySelector('[data-lb="badge"]') && !a?.hasAttribute('data-lb-mark');
        }).length);
        assert.equal(stray, 0);
      },
    });
    assert.ok(checks > 3);
    const stats = await page.evaluate(() => window.lbFixture.stats());
    assert.ok(stats.reused >= 3, `mini X reused cells: ${JSON.stringify(stats)}`);
  });
});

describe('The toolbar popup', () => {
  for (const lang of ['en', 'ja']) {
    describe(lang === 'en' ? 'in English' : 'in Japanese', () => {
      let x;
      let popup;
      before(async () => {
        x = await launch({ lang });
        await importKnownLedger(x);
        popup = await x.openExtensionPage('popup.html');
        await popup.setViewportSize({ width: 360, height: 600 });
        await popup.waitForSelector('[data-lb="owed-total"]');
        // The whole popup, footer included (its first view draws the total and the first rows).
        await popup.waitForSelector('footer [data-lb="health"]');
      });
      after(async () => { await x?.close(); });

      it('lists exactly the people owed, most owed first, with the total', async () => {
        await x.shot(popup, `popup-${lang}`);
        assert.equal(await popup.locator('[data-lb="owed-total"]').textContent(), String(OWED.reduce((s, [, n]) => s + n, 0)));
        const rows = await popup.$$eval('[data-lb="owed"]', (rs) => rs.map((r) => [r.dataset.lbHandle, Number(r.dataset.lbOwed)]));
        assert.deepEqual(rows, OWED);
        const names = await popup.$$eval('[data-lb="owed"] .name', (ns) => ns.map((n) => n.textContent));
        assert.equal(names[3], HOSTILE, 'a hostile display name is shown as text');
        assert.equal(await popup.locator('[data-lb] img, .person img, img').count(), 0, 'no image: initials, nothing from the network');
        // The number sits where the language puts it, the counter right after it in Japanese.
        const words = await popup.locator('section.total').textContent();
        assert.equal(words, lang === 'en' ? '7 like-backs to return · 5 people · all time' : 'いいね返し残り7件・5人・全期間');
        const width = await popup.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `readable at 360 px (${width})`);
      });

      it('shows the same count on the toolbar icon', async () => {
        const text = await x.serviceWorker.evaluate(() => chrome.action.getBadgeText({}));
        assert.equal(text, '7');
      });

      it('opens a person\'s newest unliked post, or their profile while none is known', async () => {
        // The popup is open as a tab here, so the page opens in a new tab; the test browser has
        // no network, so what is checked is the address the new tab was sent to.
        const opened = async (p, handle) => {
          const [tab] = await Promise.all([x.context.waitForEvent('page'), p.locator(`[data-lb="owed"][data-lb-handle="${handle}"]`).click()]);
          await tab.waitForLoadState().catch(() => {});
          return x.requests.filter((r) => r.resourceType === 'document').map((r) => r.url).at(-1);
        };
        assert.equal(await opened(popup, 'aoi_dev'), 'https://x.com/aoi_dev');
        // Once Home has been seen, Aoi's newest post is known: the popup opens it.
        const home = await x.open('/home');
        await settled(home);
        const again = await x.openExtensionPage('popup.html');
        await again.waitForFunction(() => document.querySelector('[data-lb="owed"][data-lb-handle="aoi_dev"]')?.getAttribute('href').includes('/status/'));
        assert.equal(await opened(again, 'aoi_dev'), `https://x.com/aoi_dev/status/${homeEn[0].id}`);
      });
    });
  }

  it('tells a new user what to do, and says when X\'s page was not recognised', async () => {
    await withX({ lang: 'en', csp: 'no-wasm' }, async (x) => {
      const page = await x.open('/home');
      assert.equal(await health(page), 'blocked');
      const popup = await x.openExtensionPage('popup.html');
      await popup.waitForSelector('[data-lb="empty"]');
      assert.match(await popup.locator('[data-lb="empty"]').textContent(), /Open your notifications on x\.com once/);
      assert.equal(await popup.locator('[data-lb="owed"]').count(), 0);
      assert.equal(await popup.locator('[data-lb="health"]').getAttribute('data-lb-health'), 'blocked');
      await x.shot(popup, 'popup-empty-en');
    });
  });

  it('nudges when my newest post is more than a day old', async () => {
    await withX({ lang: 'en' }, async (x) => {
      await importKnownLedger(x);
      // My own profile: my newest post there is from the fixtures' days (more than a day ago
      // by the time any test runs) — or fresh, when the fixtures are younger than a day.
      const page = await x.open('/home');
      await settled(page);
      const mine = [...homeEn, ...homeEn2].filter((r) => r.own).map((r) => Date.parse(r.createdAt));
      const age = Date.now() - Math.max(...mine);
      const popup = await x.openExtensionPage('popup.html');
      // The line, once the popup knows my newest post (no line at all is not an answer: the
      // popup's first view draws only the total and the first rows).
      await popup.waitForFunction(() => ['true', 'false'].includes(document.querySelector('[data-lb="ready"]')?.dataset.lbFresh));
      assert.equal(await popup.locator('[data-lb="ready"]').getAttribute('data-lb-fresh'), age > 86_400_000 ? 'false' : 'true');
    });
  });
});
