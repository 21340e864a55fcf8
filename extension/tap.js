// Likeback's tap: runs in the page's own world at document_start. X's web app learns who liked
// what from its own API; this passes a copy of those responses (only the endpoints Likeback
// reads) to Likeback's content script. It changes nothing: every request and response goes
// through untouched, and nothing is ever sent anywhere else.
(() => {
  const WANTED = /^\/i\/api\/(?:graphql\/[\w-]+\/(?:HomeTimeline|HomeLatestTimeline|UserTweets|UserTweetsAndReplies|UserMedia|ListLatestTweetsTimeline|TweetDetail|SearchTimeline|Likes|Favoriters|NotificationsTimeline|ListMembers)|2\/notifications\/\w+\.json)$/;
  const MAX_BODY = 8 * 1024 * 1024;
  const MAX_KEPT = 50;
  // X fetches the first timeline before the content script's WASM has loaded: keep those
  // responses until it says it is ready.
  const kept = [];
  let ready = false;

  const wanted = (url) => {
    try {
      const u = new URL(url, location.href);
      return u.origin === location.origin && WANTED.test(u.pathname) ? u.href : null;
    } catch {
      return null;
    }
  };
  const pass = (url, body) => {
    if (typeof body !== 'string' || body.length > MAX_BODY) return;
    const message = { source: 'likeback-tap', url, body };
    if (ready) window.postMessage(message, location.origin);
    else if (kept.length < MAX_KEPT) kept.push(message);
  };

  window.addEventListener('message', (event) => {
    const d = event.data;
    if (event.source !== window || !d || d.source !== 'likeback-content' || d.type !== 'ready') return;
    ready = true;
    for (const message of kept.splice(0)) window.postMessage(message, location.origin);
    window.postMessage({ source: 'likeback-tap', type: 'flushed' }, location.origin);
  });

  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const href = wanted(String(url));
    if (href) {
      this.addEventListener('load', () => {
        if (this.status !== 200) return;
        const type = this.responseType;
        if (type === '' || type === 'text') pass(href, this.responseText);
        else if (type === 'json') pass(href, JSON.stringify(this.response));
      });
    }
    return open.call(this, method, url, ...rest);
  };

  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const response = fetch.apply(this, arguments);
    const href = wanted(input instanceof Request ? input.url : String(input));
    if (href) {
      response
        .then((r) => (r.ok ? r.clone().text() : null))
        .then((body) => body !== null && pass(href, body), () => {});
    }
    return response;
  };
})();
