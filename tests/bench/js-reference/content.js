// The scroll benchmark's plain-JavaScript reference (tests/bench/scroll.mjs), loaded as an
// extension so that it runs where Likeback's content script runs (an isolated world, from
// document_start). Per post it does the work Likeback does: classify (permalink, User-Name
// count, ad wrapper and traces, social context and its icon), collapse a repost into a bar,
// read the like state, and mark a friend's newest post from the same `marks` list in storage
// (JSON text of [{who, owed, newest, liked}]). It never messages a background. Each batch is a
// `performance.measure` named `reference-batch:<posts>`, as Likeback's are `likeback-batch:`.
'use strict';
(() => {
  let friends = new Map();
  const loadMarks = (text) => {
    try { friends = new Map(JSON.parse(text || '[]').map((f) => [f.who.toLowerCase(), f])); } catch { friends = new Map(); }
  };
  chrome.storage.local.get('marks').then((r) => loadMarks(r.marks));
  chrome.storage.onChanged.addListener((c) => { if (c.marks) loadMarks(c.marks.newValue); });

  const tmpl = document.createElement('div');
  tmpl.setAttribute('role', 'button');
  tmpl.tabIndex = 0;
  for (const k of ['reposter', 'repost-author', 'repost-text']) {
    const s = document.createElement('span');
    s.setAttribute('data-ref', k);
    tmpl.append(s);
  }
  const work = (cell) => {
    const a = cell.querySelector('article[data-testid="tweet"]');
    if (!a) return false;
    const link = a.querySelector('a[href*="/status/"] time')?.closest('a[href]');
    const href = link?.getAttribute('href') ?? '';
    const m = /^\/([A-Za-z0-9_]+)\/status\/(\d+)/.exec(href);
    if (a.getAttribute('data-ref-post') === (m?.[2] ?? '')) return false; // unchanged
    a.querySelectorAll('[data-testid="User-Name"]').length;
    const liked = a.querySelector('[data-testid="like"]') ? false : !!a.querySelector('[data-testid="unlike"]');
    const ad = !m || !!a.closest('[data-testid="placementTracking"]')
      || !!a.querySelector('[data-testid$="-impression-pixel"], a[href*="twclid="]');
    const ctx = a.querySelector('[data-testid="socialContext"]');
    const repost = !ad && !!ctx && (a.querySelector('svg path')?.getAttribute('d') ?? '').startsWith('M4.75');
    const kind = ad ? 'promoted' : repost ? 'repost' : 'original';
    a.setAttribute('data-ref-kind', kind);
    if (ad) return true;
    const [, author, post] = m;
    a.setAttribute('data-ref-post', post);
    a.setAttribute('data-ref-author', author);
    a.setAttribute('data-ref-liked', String(liked));
    if (repost && !cell.querySelector('[data-ref="bar"]')) {
      const bar = tmpl.cloneNode(true);
      bar.setAttribute('data-ref', 'bar');
      bar.children[0].textContent = ctx.textContent;
      bar.children[1].textContent = a.querySelector('[data-testid="User-Name"] a[href]')?.textContent ?? '';
      bar.children[2].textContent = (a.querySelector('[data-testid="tweetText"]')?.textContent ?? '').slice(0, 80);
      cell.insertBefore(bar, cell.firstChild);
      cell.setAttribute('data-ref-collapsed', 'true');
    }
    const f = friends.get(author.toLowerCase());
    if (f && f.newest === post) a.setAttribute('data-ref-mark', liked || f.liked ? 'caught-up' : 'newest-unliked');
    else if (a.hasAttribute('data-ref-mark')) a.removeAttribute('data-ref-mark');
    return true;
  };
  const pending = new Set();
  let frame = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      const cell = r.target.closest?.('[data-testid="cellInnerDiv"]');
      if (cell) pending.add(cell);
      for (const n of r.addedNodes) if (n.matches?.('[data-testid="cellInnerDiv"]')) pending.add(n);
    }
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      const start = performance.now();
      let posts = 0;
      for (const cell of pending) posts += work(cell) ? 1 : 0;
      pending.clear();
      if (document.documentElement.hasAttribute('data-lb-bench')) {
        performance.measure(`reference-batch:${posts}`, { start, end: performance.now() });
      }
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
