// Likeback's background loader (service worker in Chrome, event page in Firefox). The Rust
// side does the work; this file only loads it. MV3 delivers the events that woke the worker
// only to listeners registered synchronously at start, so the listener is registered here and
// messages wait for the WASM to be ready.
import init, { background_main, background_message } from './pkg/pages/likeback.js';

globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
const ready = init({ module_or_path: new URL('./pkg/pages/likeback_bg.wasm', import.meta.url) })
  .then(() => background_main());

lbExt.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  ready
    .then(() => background_message(message))
    .then(sendResponse, (error) => sendResponse({ error: String(error) }));
  return true; // the answer comes asynchronously
});
