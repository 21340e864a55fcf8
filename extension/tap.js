// Likeback's tap: runs in the page's own world at document_start. X's web app learns who liked
// what from its own API; this passes a copy of those responses (only the endpoints Likeback
// reads) to Likeback's content script. It changes nothing: every request and response goes
// through untouched, and nothing is ever sent anywhere else.
(() => {
  // X's API on any of its hosts (x.com, twitter.com, api.x.com, mobile.x.com…): GraphQL under
  // /i/api/graphql/<id>/<Op> or /graphql/<id>/<Op>, and the REST notifications.
  const X_HOST = /(?:^|\.)(?:x|twitter)\.com$/;
  const API_PATH = /^(?:\/i\/api)?\/(?:graphql\/[\w-]+\/(\w+)|2\/notifications\/\w+\.json)$/;
  // Operations that can hold posts or likers, told by the shape of their names, not a list:
  // X renames them (UserTweets became UserOriginalsTimeline), and Rust reads bodies by shape.
  const HOLDS_POSTS = /Timeline|Tweet|Likes|Favoriters|Bookmarks|Members|Media|Highlights|Articles/;
  // Mutations (FavoriteTweet, CreateRetweet, DeleteBookmark…) are what the user does, not
  // what X shows.
  const MUTATION = /^(?:List)?(?:Create|Delete|Favorite|Unfavorite|Update|Remove|Add|Pin|Unpin|Mute|Unmute|Block|Unblock|Follow|Unfollow|Edit|Put|Set|Mark|Dismiss|Report|Subscribe|Unsubscribe|Join|Leave)[A-Z]/;
  const MAX_BODY = 8 * 1024 * 1024;
  const MAX_KEPT = 50;
  // X fetches the first timeline before the content script's WASM has loaded: keep those
  // responses until it says it is ready.
  const kept = [];
  let ready = false;

  const wanted = (url) => {
    try {
      const u = new URL(url, location.href);
      const m = u.protocol === 'https:' && X_HOST.test(u.hostname) && API_PATH.exec(u.pathname);
      if (!m || (m[1] && (!HOLDS_POSTS.test(m[1]) || MUTATION.test(m[1])))) return null;
      return u.href;
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
