// Likeback's tap: runs in the page's own world at document_start. X's web app learns who liked
// what from its own API; this passes a copy of those responses (only the endpoints Likeback
// reads) to Likeback's content script. It changes nothing: every request and response goes
// through untouched, and nothing is ever sent anywhere else.
//
// The page's own scripts share this world, so what the tap sends must be something no page
// script can write: it travels over a MessagePort that only the content script and the tap
// hold (the content script transfers it at document_start, before any page script runs, and
// the tap keeps it out of the page's reach), and everything the tap calls later (fetch, XHR's
// getters, Response's clone and text, the port's own methods) is taken now, so a page script
// that replaces a built-in afterwards can neither read the port nor feed the tap a body X's
// server did not send.
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
  // Responses are kept for a content script that is still loading only this long after the
  // page started; one that never comes (WebAssembly refused) must not hold them for the tab's life.
  const KEEP_MS = 10_000;

  // `uncurry(f)(self, ...args)` is `f.call(self, ...args)` with the original `call`.
  const uncurry = (f) => Function.prototype.call.bind(f);
  const getter = (proto, name) => uncurry(Object.getOwnPropertyDescriptor(proto, name).get);
  const listen = uncurry(EventTarget.prototype.addEventListener);
  const unlisten = uncurry(EventTarget.prototype.removeEventListener);
  const stopNow = uncurry(Event.prototype.stopImmediatePropagation);
  const eventData = getter(MessageEvent.prototype, 'data');
  const eventPorts = getter(MessageEvent.prototype, 'ports');
  const eventSource = getter(MessageEvent.prototype, 'source');
  const eventOrigin = getter(MessageEvent.prototype, 'origin');
  const portPost = uncurry(MessagePort.prototype.postMessage);
  const portStart = uncurry(MessagePort.prototype.start);
  const xhrOpen = uncurry(XMLHttpRequest.prototype.open);
  const xhrStatus = getter(XMLHttpRequest.prototype, 'status');
  const xhrType = getter(XMLHttpRequest.prototype, 'responseType');
  const xhrText = getter(XMLHttpRequest.prototype, 'responseText');
  const xhrUrl = getter(XMLHttpRequest.prototype, 'responseURL');
  const fetchRaw = window.fetch;
  const apply = Reflect.apply;
  const responseOk = getter(Response.prototype, 'ok');
  const responseUrl = getter(Response.prototype, 'url');
  const responseClone = uncurry(Response.prototype.clone);
  const responseText = uncurry(Response.prototype.text);
  const then = uncurry(Promise.prototype.then);
  const exec = uncurry(RegExp.prototype.exec);
  const setTimer = window.setTimeout;
  const origin = location.origin;
  const X_API_URL = /^https:\/\/(?:[\w-]+\.)*(?:x|twitter)\.com(?::443)?(\/[^?#]*)/;

  let port = null;
  let ready = false;
  // X fetches the first timeline before the content script's WASM has loaded: keep those
  // responses until it says it is ready.
  let kept = [];

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
  // `url` is where the response really came from (the response's own URL, read with the
  // getters above), never what the caller said it asked for, and it is judged with the built-ins
  // taken above: a blob: or data: URL, or any host but X's, is not X's API whatever a replaced
  // `URL` or `RegExp` says.
  const isApi = (url) => {
    const m = exec(X_API_URL, url);
    const p = m && exec(API_PATH, m[1]);
    return !!p && !(p[1] && (!exec(HOLDS_POSTS, p[1]) || exec(MUTATION, p[1])));
  };
  const pass = (url, body) => {
    if (typeof url !== 'string' || !isApi(url)) return;
    if (typeof body !== 'string' || body.length > MAX_BODY) return;
    const message = { url, body };
    if (ready) portPost(port, message);
    else if (kept && kept.length < MAX_KEPT) kept[kept.length] = message;
  };
  apply(setTimer, window, [() => { if (!ready) kept = null; }, KEEP_MS]);

  const onContent = (event) => {
    if (ready || !event.isTrusted || eventData(event) !== 'ready') return;
    ready = true;
    const early = kept || [];
    kept = null;
    for (let i = 0; i < early.length; i++) portPost(port, early[i]);
    portPost(port, 'flushed');
  };
  // The content script's handshake: the first trusted message this window posted to itself
  // with the word and one port. The content script posts it at document_start, before any page
  // script can post anything, so it is the first in the queue; this listener, registered at
  // document_start too, runs before any the page adds and hides the message from them.
  const onHandshake = (event) => {
    if (port || !event.isTrusted || eventSource(event) !== window || eventOrigin(event) !== origin) return;
    if (eventData(event) !== 'likeback-channel') return;
    const ports = eventPorts(event);
    if (ports.length !== 1) return;
    stopNow(event);
    unlisten(window, 'message', onHandshake, true);
    port = ports[0];
    listen(port, 'message', onContent);
    portStart(port);
  };
  listen(window, 'message', onHandshake, true);

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (wanted(String(url))) {
      listen(this, 'load', (event) => {
        // X reads its API as text; a `json` response is an object the page's own listeners
        // may have changed before this one ran, so it is not taken.
        if (!event.isTrusted || xhrStatus(this) !== 200) return;
        const type = xhrType(this);
        if (type === '' || type === 'text') pass(xhrUrl(this), xhrText(this));
      });
    }
    return xhrOpen(this, method, url, ...rest);
  };

  window.fetch = function (input, init) {
    const response = apply(fetchRaw, this, arguments);
    const asked = input instanceof Request ? input.url : String(input);
    if (wanted(asked)) {
      then(response, (r) => {
        if (!responseOk(r)) return;
        const url = responseUrl(r);
        then(responseText(responseClone(r)), (body) => pass(url, body), () => {});
      }, () => {});
    }
    return response;
  };
})();
