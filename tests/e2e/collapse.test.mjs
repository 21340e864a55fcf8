// Reposts collapsed on mini X, as a user sees them: the foundation issue end to end.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, REPO_ROOT } from './harness.mjs';
import { homeEn, homeEn2, homeJa, homeJa2, followingEn, profileAoi, list, PEOPLE } from '../fixtures/x/scenarios.mjs';
import { health, settled, cells, scrollThrough, expectedKind, rowOf, chooseMode, extensionMarks } from './lb.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';
const barFor = (page, row) => page.locator(`[data-lb="repost-bar"][data-lb-for="${row.reposter}/${row.id}"]`);
const cellFor = (page, row) => page.locator(`[data-testid="cellInnerDiv"]:has(> [data-lb-for="${row.reposter}/${row.id}"])`);
const nameOf = (handle) => PEOPLE[handle]?.name ?? handle;

/** The checks every timeline gets: each cell is what its fixture row says, shown as it should be. */
function assertShown(seen, rows, mode = 'collapse') {
  assert.ok(seen.size >= rows.length, `saw ${seen.size} of ${rows.length} cells`);
  for (const cell of seen.values()) {
    const row = rowOf(rows, cell);
    assert.ok(row, `no fixture row for ${cell.post}`);
    const what = `cell ${row.cell} (${row.kind} ${row.id})`;
    assert.equal(cell.kind, expectedKind(row), `${what}: kind`);
    if (row.kind !== 'promoted') {
      assert.equal(cell.post, row.id, `${what}: post`);
      assert.equal(cell.author, row.author, `${what}: author`);
      assert.equal(cell.liked, String(row.liked), `${what}: liked`);
    }
    const repost = expectedKind(row) === 'repost';
    if (repost && mode === 'collapse') {
      assert.equal(cell.collapsed, 'true', `${what}: collapsed`);
      assert.equal(cell.articleVisible, false, `${what}: article hidden`);
      assert.ok(cell.bar?.visible, `${what}: bar shown`);
      assert.equal(cell.bar.reposter, nameOf(row.reposter), `${what}: reposter on the bar`);
      assert.equal(cell.bar.author, nameOf(row.author), `${what}: author on the bar`);
      assert.ok(cell.height < 60, `${what}: one line (${cell.height}px)`);
    } else if (repost && mode === 'hide') {
      assert.equal(cell.hidden, 'true', `${what}: hidden`);
      assert.equal(cell.articleVisible, false, `${what}: article hidden`);
      assert.equal(cell.bar, null, `${what}: no bar`);
      assert.ok(cell.height < 2, `${what}: takes no room (${cell.height}px)`);
    } else {
      assert.equal(cell.collapsed, null, `${what}: untouched`);
      assert.equal(cell.hidden, null, `${what}: untouched`);
      assert.equal(cell.bar, null, `${what}: no bar`);
      assert.equal(cell.articleVisible, true, `${what}: visible`);
    }
  }
}

describe('Home (For you) in English', () => {
  let x;
  let page;
  const dialogs = [];
  before(async () => {
    x = await launch({ lang: 'en' });
    page = await x.open('/home');
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('collapses every repost into a one-line bar and leaves everything else as X shows it', async () => {
    await x.shot(page, 'home-collapsed-en');
    const seen = await scrollThrough(page);
    assertShown(seen, [...homeEn, ...homeEn2]);
    const reposts = [...seen.values()].filter((c) => c.kind === 'repost');
    // Page 1 has 7 reposts (one of my own post is not one), page 2 has 3 more.
    assert.equal(reposts.length, 10);
    // The bar: "Kenji Kato reposted Mika ✏️ · first words…", with the post's first words.
    const kenji = reposts.find((c) => c.post === homeEn[1].id);
    assert.match(kenji.bar.text, /^Kenji Kato reposted Mika ✏️ · /);
    assert.ok(homeEn[1].text.startsWith(kenji.bar.words.slice(3, 30)), kenji.bar.words);
    assert.equal(kenji.bar.tabindex, '0');
    assert.equal(kenji.bar.expanded, 'false');
    assert.deepEqual(kenji.bar.foreign, [], 'every element the extension adds has data-lb');
  });

  it('a reposted quote is a repost; the quote, a community post, the ad and my own post are not', async () => {
    const seen = await scrollThrough(page);
    const kindOf = (row) => [...seen.values()].find((c) => rowOf(homeEn, c) === row)?.kind;
    assert.equal(kindOf(homeEn.find((r) => r.kind === 'reposted-quote')), 'repost');
    assert.equal(kindOf(homeEn.find((r) => r.kind === 'quote')), 'quote');
    assert.equal(kindOf(homeEn.find((r) => r.kind === 'community')), 'original');
    assert.equal(kindOf(homeEn.find((r) => r.kind === 'promoted')), 'promoted');
    assert.equal(kindOf(homeEn.find((r) => r.own && r.reposter)), 'original');
  });

  it('shows a hostile display name as text, never as markup', async () => {
    const seen = await scrollThrough(page);
    const evil = [...seen.values()].filter((c) => c.bar && c.bar.text.includes(HOSTILE));
    // evil_name reposting Sora, and Kenji reposting evil_name.
    assert.equal(evil.length, 2);
    assert.equal(evil.find((c) => c.reposterHref === '/evil_name').bar.reposter, HOSTILE);
    assert.equal(evil.find((c) => c.reposterHref === '/kenji_k').bar.author, HOSTILE);
    assert.equal(await page.locator('[data-lb] img').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it('expands in place on click and collapses again', async () => {
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    const bar = barFor(page, homeEn[1]);
    const cell = cellFor(page, homeEn[1]);
    await bar.click();
    assert.equal(await cell.getAttribute('data-lb-collapsed'), 'false');
    assert.equal(await cell.locator('article').isVisible(), true);
    assert.equal(await bar.getAttribute('aria-expanded'), 'true');
    assert.equal(new URL(page.url()).pathname, '/home', 'the click did not open the post');
    await x.shot(page, 'home-expanded-en');
    await bar.click();
    assert.equal(await cell.getAttribute('data-lb-collapsed'), 'true');
    assert.equal(await cell.locator('article').isVisible(), false);
  });

  it('expands and collapses from the keyboard (Tab, Enter, Space)', async () => {
    const bar = barFor(page, homeEn[5]);
    const cell = cellFor(page, homeEn[5]);
    await bar.focus();
    await page.keyboard.press('Enter');
    assert.equal(await cell.getAttribute('data-lb-collapsed'), 'false');
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.keyboard.press(' ');
    assert.equal(await cell.getAttribute('data-lb-collapsed'), 'true');
    assert.equal(await page.evaluate(() => window.scrollY), scrollY, 'Space did not scroll the page');
    assert.equal(new URL(page.url()).pathname, '/home');
  });

  it('makes no network request of its own', async () => {
    assert.deepEqual(x.outside(), []);
    const ours = x.requests.filter((r) => r.from === 'extension' || r.from === 'worker');
    assert.deepEqual(ours.filter((r) => !r.url.startsWith(`chrome-extension://${x.extensionId}/`)), []);
    // Every x.com request is one mini X made itself (its shell, scripts and API calls).
    const strays = x.requests.filter((r) => /^https:\/\/x\.com\//.test(r.url) && !['shell', 'fixture', 'api'].includes(r.served));
    assert.deepEqual(strays, []);
  });
});

describe('Destroyed and recreated cells (a short window, as when scrolling far)', () => {
  let x;
  let page;
  before(async () => {
    x = await launch({ lang: 'en', viewport: { width: 1000, height: 420 } });
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('keeps an expanded repost expanded when X destroys and recreates its cell', async () => {
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    const target = homeEn[6];
    const bar = barFor(page, target);
    await bar.click();
    // Far down (page 2 arrives meanwhile): the cell leaves the page.
    await page.evaluate(() => window.lbFixture.scrollToBottom());
    await page.waitForFunction(() => window.lbFixture.stats().items > 20);
    await page.evaluate(() => window.lbFixture.scrollToBottom());
    await bar.waitFor({ state: 'detached', timeout: 5000 });
    await settled(page);
    const before = await page.evaluate(() => window.lbFixture.stats().created);
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    assert.ok(await page.evaluate(() => window.lbFixture.stats().created) > before, 'cells were recreated');
    const cell = cellFor(page, target);
    assert.equal(await cell.getAttribute('data-lb-collapsed'), 'false');
    assert.equal(await cell.locator('article').isVisible(), true);
    // The others stayed collapsed.
    const now = await cells(page);
    assert.ok(now.filter((c) => c.kind === 'repost' && c.post !== target.id).every((c) => c.collapsed === 'true'));
  });

});

describe('Home in Japanese', () => {
  let x;
  let page;
  before(async () => {
    x = await launch({ lang: 'ja' });
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('recognises the same posts and writes its bar in Japanese', async () => {
    await x.shot(page, 'home-collapsed-ja');
    const seen = await scrollThrough(page);
    assertShown(seen, [...homeJa, ...homeJa2]);
    const kenji = [...seen.values()].find((c) => c.post === homeJa[1].id);
    assert.match(kenji.bar.text, /^Kenji Katoさんが Mika ✏️さんのポストをリポスト · /);
  });

  it('shows the options page in Japanese when the browser is in Japanese', async () => {
    const options = await x.openExtensionPage('options.html');
    await options.waitForSelector('fieldset[data-lb="mode"]');
    await x.shot(options, 'options-ja');
    assert.equal(await options.locator('fieldset[data-lb-kind="home_for_you"] legend').textContent(), 'ホーム：おすすめ');
    assert.match(await options.evaluate(() => document.documentElement.lang), /^ja/);
  });
});

describe('Repost modes from the options page', () => {
  let x;
  let page;
  let options;
  before(async () => {
    x = await launch({ lang: 'en' });
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
    options = await x.openExtensionPage('options.html');
    await options.waitForSelector('fieldset[data-lb="mode"]');
  });
  after(async () => { await x?.close(); });

  it('offers collapse / hide / show for each kind of page, collapse by default', async () => {
    await x.shot(options, 'options-en');
    const kinds = await options.$$eval('fieldset[data-lb="mode"]', (fs) => fs.map((f) => [f.dataset.lbKind, f.querySelector('input:checked').value]));
    assert.deepEqual(kinds, [['home_for_you', 'collapse'], ['home_following', 'collapse'], ['lists', 'collapse'], ['profiles', 'collapse'], ['search', 'collapse']]);
    assert.equal(await options.locator('fieldset[data-lb-kind="home_for_you"] legend').textContent(), 'Home: For you');
  });

  it('hide and show reach the open tab at once, without reload', async () => {
    await page.evaluate(() => { window.__noReload = true; });
    await chooseMode(options, 'home_for_you', 'hide', page);
    await page.waitForFunction(() => document.querySelector('[data-lb-hidden="true"]') && !document.querySelector('[data-lb="repost-bar"]'));
    await settled(page);
    assertShown(await scrollThrough(page), [...homeEn, ...homeEn2], 'hide');
    await chooseMode(options, 'home_for_you', 'show', page);
    await page.waitForFunction(() => !document.querySelector('[data-lb-hidden], [data-lb-collapsed]'));
    assertShown(await scrollThrough(page), [...homeEn, ...homeEn2], 'show');
    assert.equal(await page.evaluate(() => window.__noReload), true);
  });

  it('each kind of page has its own mode: Following, profiles and lists', async () => {
    // For you stays on "show"; the Following tab keeps the default (collapse).
    await page.bringToFront();
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await page.locator('[role="tablist"] [role="tab"]').nth(1).click();
    await page.waitForFunction(() => window.lbFixture.view === 'home:following');
    await settled(page);
    assertShown(await scrollThrough(page), followingEn, 'collapse');
    await chooseMode(options, 'profiles', 'hide', page);
    await page.evaluate(() => window.lbFixture.navigate('/aoi_dev'));
    await page.waitForFunction(() => window.lbFixture.view === 'profile:aoi_dev');
    await settled(page);
    assertShown(await scrollThrough(page), profileAoi, 'hide');
    await page.evaluate(() => window.lbFixture.navigate('/i/lists/1896138409377399057'));
    await page.waitForFunction(() => window.lbFixture.view.startsWith('list:'));
    await settled(page);
    assertShown(await scrollThrough(page), list, 'collapse');
    await chooseMode(options, 'lists', 'show', page);
    await page.waitForFunction(() => !document.querySelector('[data-lb-collapsed]'));
    assertShown(await scrollThrough(page), list, 'show');
    // The choice was saved: a new tab starts with it.
    const again = await x.openExtensionPage('options.html');
    await again.waitForSelector('fieldset[data-lb="mode"]');
    assert.equal(await again.locator('fieldset[data-lb-kind="lists"] input:checked').getAttribute('value'), 'show');
    assert.equal(await again.locator('fieldset[data-lb-kind="profiles"] input:checked').getAttribute('value'), 'hide');
  });
});

describe('Single-page navigation', () => {
  let x;
  let page;
  before(async () => {
    x = await launch({ lang: 'en' });
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('keeps working across pushState navigation: Home → a profile → back', async () => {
    await page.evaluate(() => { window.__noReload = true; });
    // A click on an author's name, as a user would.
    await page.locator('article[data-lb-kind="original"] [data-testid="User-Name"] a[href="/aoi_dev"]').first().click();
    await page.waitForFunction(() => window.lbFixture.view === 'profile:aoi_dev');
    await settled(page);
    const profile = await scrollThrough(page);
    assertShown(profile, profileAoi);
    const pinned = [...profile.values()].find((c) => c.kind === 'pinned');
    assert.equal(pinned.post, profileAoi[0].id);
    await page.goBack();
    await page.waitForFunction(() => window.lbFixture.view === 'home:for_you');
    await settled(page);
    assertShown(await scrollThrough(page), [...homeEn, ...homeEn2]);
    assert.equal(await page.evaluate(() => window.__noReload), true, 'no page load happened');
  });

  it('works on twitter.com too', async () => {
    const tw = await x.open('/home', { host: 'twitter.com' });
    assert.equal(await health(tw), 'ok');
    await settled(tw);
    assert.ok((await cells(tw)).some((c) => c.collapsed === 'true'));
  });
});

describe('Recycled cells', () => {
  let x;
  let page;
  before(async () => {
    x = await launch({ lang: 'en', recycle: true, viewport: { width: 1000, height: 300 } });
    page = await x.open('/home');
    assert.equal(await health(page), 'ok');
    await settled(page);
  });
  after(async () => { await x?.close(); });

  it('a cell reused for another post shows that post as it should be', async () => {
    const rows = [...homeEn, ...homeEn2];
    let checked = 0;
    const seen = await scrollThrough(page, {
      onStep: (now) => {
        for (const cell of now) {
          const row = rowOf(rows, cell);
          const repost = expectedKind(row) === 'repost';
          assert.equal(cell.collapsed, repost ? 'true' : null, `reused cell now showing ${row.kind} ${row.id}`);
          assert.equal(cell.articleVisible, !repost);
          if (repost) assert.equal(cell.bar.for, `${row.reposter}/${row.id}`, 'the bar names the post now shown');
          else assert.equal(cell.bar, null);
          checked++;
        }
      },
    });
    assertShown(seen, rows);
    const stats = await page.evaluate(() => window.lbFixture.stats());
    assert.ok(stats.reused > 5, `mini X reused cells ${stats.reused} times`);
    assert.ok(checked > rows.length);
  });

  it('an expanded repost stays expanded after its cell was reused and it comes back', async () => {
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    const target = homeEn[1];
    await barFor(page, target).click();
    let gone = false;
    await scrollThrough(page, {
      onStep: (now) => {
        for (const c of now) {
          if (c.kind === 'repost' && c.post !== target.id) assert.equal(c.collapsed, 'true', 'no other repost inherits the expansion');
        }
        gone ||= !now.some((c) => c.post === target.id);
      },
    });
    assert.ok(gone, 'its cell went to other posts while scrolling');
    await page.evaluate(() => window.lbFixture.scrollTo(0));
    await settled(page);
    const cell = (await cells(page)).find((c) => c.post === target.id);
    assert.equal(cell.collapsed, 'false');
    assert.equal(cell.articleVisible, true);
  });
});

describe('A layout Likeback does not know', () => {
  let x;
  before(async () => {
    x = await launch({ lang: 'en' });
    // Articles where X's parts (User-Name, permalink) are missing, as after a redesign.
    await x.context.route('https://x.com/redesigned', (route) => route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><body><div id="react-root"><main role="main"><div data-testid="primaryColumn">
        <section role="region"><div><div data-testid="cellInnerDiv"><div><article data-testid="tweet" role="article">
        <div class="post-header"><a href="/aoi_dev">Aoi</a></div><div class="post-body">A post in a layout nobody knows</div>
        </article></div></div><div data-testid="cellInnerDiv"><div><article data-testid="tweet" role="article">
        <div class="post-body">Another one</div></article></div></div></div></section></div></main></div></body></html>`,
    }));
    await x.context.route('https://x.com/home?empty', (route) => route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><body><div id="app"><p>Something else entirely</p></div></body></html>',
    }));
  });
  after(async () => { await x?.close(); });

  it('marks the page unrecognised and changes nothing on it', async () => {
    const page = await x.open('/redesigned', { wait: false });
    assert.equal(await health(page), 'unrecognised');
    await page.waitForTimeout(300);
    assert.deepEqual(await extensionMarks(page), []);
    assert.equal(await page.locator('article').first().isVisible(), true);
    const popup = await x.openExtensionPage('popup.html');
    await popup.waitForSelector('[data-lb="health"]');
    assert.equal(await popup.locator('[data-lb="health"]').getAttribute('data-lb-health'), 'unrecognised');
  });

  it('says so when a timeline page shows no timeline at all', async () => {
    const page = await x.open('/home?empty', { wait: false });
    assert.equal(await health(page, 15_000), 'unrecognised');
    assert.deepEqual(await extensionMarks(page), []);
  });
});

describe("A page whose CSP refuses WebAssembly", () => {
  let x;
  before(async () => { x = await launch({ lang: 'en', csp: 'no-wasm' }); });
  after(async () => { await x?.close(); });

  it('records "blocked" instead of failing silently, and leaves the page alone', async () => {
    const page = await x.open('/home');
    assert.equal(await health(page), 'blocked');
    assert.deepEqual(await extensionMarks(page), []);
    assert.ok((await page.locator('article[data-testid="tweet"]').count()) > 3, 'X still works');
    const popup = await x.openExtensionPage('popup.html');
    await popup.waitForSelector('[data-lb="health"]');
    assert.equal(await popup.locator('[data-lb="health"]').getAttribute('data-lb-health'), 'blocked');
  });
});

describe('Real captured X articles (../shared/fixtures/x-dom)', () => {
  const dir = path.resolve(REPO_ROOT, '../shared/fixtures/x-dom');
  const expected = [
    ['tweet-plain.html', 'original', 'jarvis_best', '1841842569182929401', 'false'],
    ['tweet-focused-liked.html', 'original', 'caesararum', '1845152528066883989', 'true'],
    ['tweet-card-only.html', 'repost', 'stephenfhayes', '1843978367558885854', 'false'],
    ['promoted.html', 'promoted', null, null, null],
    ['tweet-link-card.html', 'original', 'TestUser123', '1981398750557065646', 'false'],
    ['tweet-quote.html', 'quote', 'TestQuoter', '1983130065320780162', 'false'],
    // Four videos, each player in a placementTracking inside the article: media, not an ad.
    ['quote-with-videos-2023.html', 'quote', 'tehprom269887', '1704659543026765991', 'false'],
  ];
  let x;
  before(async () => { x = await launch({ lang: 'en' }); });
  after(async () => { await x?.close(); });

  it('recognises each with the right kind, author, post id and liked state', async (t) => {
    if (!fs.existsSync(dir)) { t.skip(`${dir} is absent`); return; }
    // Every capture is checked: a new one needs its expected facts here.
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort(), expected.map(([f]) => f).sort());
    const html = expected.map(([f]) => {
      const article = fs.readFileSync(path.join(dir, f), 'utf8');
      // tweet-quote.html is captured with its cellInnerDiv; the others are bare articles.
      return article.includes('data-testid="cellInnerDiv"') ? article : `<div data-testid="cellInnerDiv"><div>${article}</div></div>`;
    }).join('\n');
    await x.context.route('https://x.com/captured', (route) => route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><body><div id="react-root"><main role="main"><div data-testid="primaryColumn"><section role="region"><div>${html}</div></section></div></main></div></body></html>`,
    }));
    const page = await x.open('/captured', { wait: false });
    assert.equal(await health(page), 'ok');
    await page.waitForFunction((n) => document.querySelectorAll('article[data-lb-kind]').length === n, expected.length);
    const got = await page.$$eval('article[data-testid="tweet"]', (as) => as.map((a) => [a.dataset.lbKind, a.dataset.lbAuthor ?? null, a.dataset.lbPost ?? null, a.dataset.lbLiked ?? null]));
    assert.deepEqual(got, expected.map(([, ...facts]) => facts));
    // The captured repost (Matthew Yglesias reposted Stephen Hayes) is collapsed.
    assert.equal(await page.locator('[data-lb="repost-bar"] [data-lb="reposter"]').textContent(), 'Matthew Yglesias');
    assert.equal(await page.locator('[data-lb-collapsed="true"]').count(), 1);
  });

  it('tells an ad by X\'s wrapper around the article, its impression pixels or a twclid link; media inside is no sign', async (t) => {
    if (!fs.existsSync(dir)) { t.skip(`${dir} is absent`); return; }
    const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
    const cell = (inner) => `<div data-testid="cellInnerDiv"><div>${inner}</div></div>`;
    const pixels = ['top', 'right', 'bottom', 'left'].map((s) => `<div data-testid="${s}-impression-pixel"></div>`).join('');
    const plain = read('tweet-plain.html');
    const cases = [
      // How X wraps an ad: a placementTracking around the post, four pixels first.
      ['wrapped with pixels', cell(`<div data-testid="placementTracking">${pixels}<div>${plain}</div></div>`), ['promoted', null, null, null]],
      // Pixels or an ad-click link in the post, without the wrapper.
      ['pixel inside', cell(plain.replace('</article>', `<div data-testid="top-impression-pixel"></div></article>`)), ['promoted', null, null, null]],
      ['twclid link', cell(plain.replace('</article>', `<a href="https://t.co/x?twclid=2-abc">ad</a></article>`)), ['promoted', null, null, null]],
      // A placementTracking outside the cell is not the post's (the cell is X's unit).
      ['tracker above the cell', `<div data-testid="placementTracking">${cell(plain)}</div>`, ['original', 'jarvis_best', '1841842569182929401', 'false']],
      // The real video quote, inside a cell like X's: still a quote.
      ['videos inside', cell(read('quote-with-videos-2023.html')), ['quote', 'tehprom269887', '1704659543026765991', 'false']],
    ];
    await x.context.route('https://x.com/captured-ads', (route) => route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><body><div id="react-root"><main role="main"><div data-testid="primaryColumn"><section role="region"><div>${cases.map(([, html]) => html).join('\n')}</div></section></div></main></div></body></html>`,
    }));
    const page = await x.open('/captured-ads', { wait: false });
    assert.equal(await health(page), 'ok');
    await page.waitForFunction((n) => document.querySelectorAll('article[data-lb-kind]').length === n, cases.length);
    const got = await page.$$eval('article[data-testid="tweet"]', (as) => as.map((a) => [a.dataset.lbKind, a.dataset.lbAuthor ?? null, a.dataset.lbPost ?? null, a.dataset.lbLiked ?? null]));
    assert.deepEqual(Object.fromEntries(cases.map(([name], i) => [name, got[i]])), Object.fromEntries(cases.map(([name, , want]) => [name, want])));
  });
});
