// Likeback's content-script loader. Content scripts cannot be ES modules: the wasm-bindgen glue
// is a classic script run just before this one (manifest.json), which leaves `wasm_bindgen`
// in the content scripts' shared scope; this starts the Rust side, which does all the work.
// Whether WebAssembly may compile here is decided by the page's CSP (x.com allows
// 'wasm-unsafe-eval'); when it is refused, the failure is reported, not hidden.
(async () => {
  globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
  // The private channel to tap.js (page world): made now, at document_start, before any page
  // script runs, so this handshake is the first message the window posts to itself; tap.js
  // takes the port and hides the message from the page (see tap.js). Only messages on
  // `channel.port1` are read, never the window's: a page script can post to the window, not
  // to this port. The port holds what the tap sends until the Rust side starts it.
  // The same in Firefox (firefox-x.test.mjs proves it there, forged handshakes included): it runs
  // the MAIN-world tap.js before this script and before any page script, and a port this
  // script transfers with window.postMessage reaches the page world as in Chromium (trusted,
  // source the window, origin the page's). So there is no Firefox-only path: exportFunction
  // would hand the page a function of this world to call, and wrappedJSObject would have this
  // script touch the page's objects, which page scripts can replace.
  let channel = null;
  try {
    channel = new MessageChannel();
    window.postMessage('likeback-channel', location.origin, [channel.port2]);
    // Ready at once: the tap then sends what it kept, and everything after, straight into
    // port1, which holds it until the Rust side starts the port. Waiting for the Rust side to
    // say so would add a round trip through the page world after the WASM started, and a page
    // left in that moment (pagehide comes first) lost what X's first responses taught.
    channel.port1.postMessage('ready');
    /* global wasm_bindgen */
    await wasm_bindgen({ module_or_path: lbExt.runtime.getURL('pkg/content/likeback_bg.wasm') });
    await wasm_bindgen.content_main(channel.port1);
  } catch (error) {
    channel?.port1.close();
    // A crash already said so (`crashed`, from the panic hook); anything else is a start refused.
    if (document.documentElement.getAttribute('data-lb-health') === 'crashed') return;
    document.documentElement.setAttribute('data-lb-health', 'blocked');
    const detail = String(error && error.message || error).slice(0, 200);
    console.warn('Likeback could not start on this page:', detail);
    try {
      lbExt.runtime.sendMessage({ type: 'health', health: 'blocked', detail }).catch(() => {});
    } catch {
      // The extension was reloaded or removed while this page was open: nothing to tell.
    }
  }
})();
