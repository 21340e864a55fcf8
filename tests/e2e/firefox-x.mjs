// Mini X on https://x.com for Firefox. Firefox cannot be driven through Playwright here (Debian's
// firefox-esr, not Playwright's build), so instead of request interception it gets an HTTP proxy
// (a Firefox preference) that answers CONNECT x.com:443 with a local TLS server holding a
// certificate for x.com made for the run (trusted through WebDriver's acceptInsecureCerts).
// Everything else is refused and recorded: nothing leaves the machine.
// It serves what harness.mjs serves for Chromium: mini X's shell with X's CSP and a fresh nonce,
// mini X's files under /lb-fixture/, and X's API from the same fixture map (apiFor).
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { FIXTURE_DIR, API_DIR, cspFor } from './harness.mjs';
import { apiFor, ME, PEOPLE } from '../fixtures/x/scenarios.mjs';

const X_HOSTS = new Set(['x.com', 'twitter.com']);
const MIME = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

/**
 * Start the proxy. Returns {port, prefs (for moz:firefoxOptions), apiCalls, outside, close()}.
 * o: {lang, me, sidebar, csp} as harness.launch.
 */
export async function serveMiniX(o = {}) {
  const { lang = 'en', me = ME, sidebar = {}, csp = 'x' } = o;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeback-fx-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=x.com',
    '-addext', 'subjectAltName=DNS:x.com,DNS:twitter.com', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const apiMap = apiFor(lang);
  const users = Object.fromEntries(Object.entries(PEOPLE).map(([h, p]) => [h, p.id]));
  const template = fs.readFileSync(path.join(FIXTURE_DIR, 'shell.html'), 'utf8');
  const shell = (nonce) => template
    .replaceAll('{{LANG}}', lang).replaceAll('{{THEME}}', 'light').replaceAll('{{ME}}', me).replaceAll('{{NONCE}}', nonce)
    .replaceAll('{{CONFIG}}', JSON.stringify({ me, lang, recycle: false, transport: 'xhr', users, sidebar }).replace(/</g, '\\u003c'));
  const out = { apiCalls: [], outside: [], documents: [] };

  const api = (method, url, body) => {
    let op;
    let variables = {};
    const gql = url.pathname.match(/^\/i\/api\/graphql\/([^/]+)\/([A-Za-z0-9_]+)$/);
    if (gql) {
      op = gql[2];
      try { variables = method === 'GET' ? JSON.parse(url.searchParams.get('variables') || '{}') : JSON.parse(body || '{}').variables || {}; } catch { variables = {}; }
    } else op = url.pathname.replace(/^\/i\/api\/(?:\d(?:\.\d)?\/)?/, '').replace(/\.json$/, '');
    const cursor = variables.cursor ?? (gql ? undefined : url.searchParams.get('cursor') ?? undefined);
    const key = variables.screen_name ?? variables.listId ?? variables.focalTweetId ?? variables.tweetId ?? variables.rawQuery ?? variables.userId;
    out.apiCalls.push({ op, key, cursor, method });
    if (op === 'FavoriteTweet') return [200, JSON.stringify({ data: { favorite_tweet: 'Done' } })];
    if (op === 'UnfavoriteTweet') return [200, JSON.stringify({ data: { unfavorite_tweet: 'Done' } })];
    const hit = (cursor !== undefined ? [`${op}:${cursor}`] : [key !== undefined && `${op}:${key}`, op, op === 'notifications/all' && 'notifications'])
      .filter(Boolean).find((c) => typeof apiMap[c] === 'string');
    if (!hit) return [404, JSON.stringify({ errors: [{ message: `mini X: no fixture for ${op}`, code: 34 }] })];
    return [200, fs.readFileSync(path.join(API_DIR, apiMap[hit]), 'utf8')];
  };

  const tlsServer = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, `https://${req.headers.host}`);
      if (url.pathname.startsWith('/lb-fixture/')) {
        const rel = path.normalize(url.pathname.slice('/lb-fixture/'.length));
        const file = path.join(FIXTURE_DIR, rel);
        if (rel.startsWith('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); return res.end(); }
        res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
        return res.end(fs.readFileSync(file));
      }
      if (url.pathname.startsWith('/i/api/')) {
        const [status, body] = api(req.method, url, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        return res.end(body);
      }
      if (req.method === 'GET' && (req.headers['sec-fetch-dest'] === 'document' || /text\/html/.test(req.headers.accept || ''))) {
        const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
        const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
        const policy = cspFor(csp, nonce);
        if (policy) headers['content-security-policy'] = policy;
        out.documents.push(url.pathname);
        res.writeHead(200, headers);
        return res.end(shell(nonce));
      }
      res.writeHead(404);
      res.end();
    });
  });
  const proxy = http.createServer((req, res) => { out.outside.push(req.url); res.writeHead(403); res.end(); });
  proxy.on('connect', (req, socket) => {
    const host = req.url.split(':')[0];
    if (!X_HOSTS.has(host)) { out.outside.push(req.url); socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'); return; }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    tlsServer.emit('connection', socket);
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  const { port } = proxy.address();
  return Object.assign(out, {
    port,
    prefs: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': port,
      'network.proxy.no_proxies_on': '',
      'network.trr.mode': 5,
    },
    close: () => {
      proxy.close();
      tlsServer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
