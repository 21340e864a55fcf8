// A CPU profile (CDP `Profiler.stop`) seen from the extension's side, for the benchmarks.

/**
 * The profile's nodes by id, and for any node the extension frame nearest to it: itself or its
 * closest caller with a URL of the extension (scripts, glue) or its WASM; `null` when none is on
 * its stack (the page's own work).
 */
export function extensionFrames(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = (n) => /^(chrome-extension|wasm):/.test(n.callFrame.url);
  const memo = new Map();
  const nearest = (id) => {
    if (memo.has(id)) return memo.get(id);
    const n = byId.get(id);
    const v = ours(n) ? n : parent.has(id) ? nearest(parent.get(id)) : null;
    memo.set(id, v);
    return v;
  };
  return { byId, parent, ours, nearest };
}
