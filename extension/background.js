// Likeback's background loader (service worker in Chrome, event page in Firefox). The Rust
// side does the work; this file only loads it. MV3 delivers the events that woke the worker
// only to listeners registered synchronously at start, so the listeners are registered here
// and messages wait for the WASM to be ready.
import init, { background_main, background_installed, background_message, background_port } from './pkg/pages/likeback.js';

globalThis.lbExt = globalThis.browser ?? globalThis.chrome;
const loaded = init({ module_or_path: new URL('./pkg/pages/likeback_bg.wasm', import.meta.url) });
const ready = loaded.then(() => background_main());

lbExt.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // The sender goes along: Rust accepts admin messages only from the extension's own pages.
  ready
    .then(() => background_message(message, sender))
    .then(sendResponse, (error) => sendResponse({ error: String(error) }));
  return true; // the answer comes asynchronously
});

// Install or update: Rust decides whether the welcome page opens (on a first install only).
lbExt.runtime.onInstalled.addListener(({ reason, previousVersion }) => {
  loaded
    .then(() => background_installed(reason, previousVersion ?? null))
    .catch((error) => console.warn('Likeback: the welcome page could not open:', String(error)));
});

// Export and import files travel in parts over a port (a message carries at most 64 MiB).
// The page waits for the background's {ready} before sending, so nothing is lost meanwhile.
lbExt.runtime.onConnect.addListener((port) => {
  ready.then(() => background_port(port), () => port.disconnect());
});
