// Hostile HTTP clients against a running `fremdrift serve` (driven by tests/security/hostile_http.sh).
// Each attack of the security review's H1 runs while another client asks GET /api/v1/health on a
// fresh connection every 200 ms (every answer must come within 1 s) and the server's memory is
// sampled from /proc/PID/status (the peak must stay under 200 MB). Then the hardening headers of
// each kind of response are compared with their exact expected values, and health and metrics
// with and without a login.
// Each attack is repeated on fresh connections (three at a time) for at least 4 s, so that the
// health poller sees the server under it. Under AddressSanitizer (ASAN=1) the server's own
// footprint is inflated, so there the limit is 200 MB above its footprint before the attacks.
// Usage: node hostile_http.mjs PORT SERVER_PID USERNAME PASSWORD METRICS_TOKEN ASAN(0|1)
import net from 'node:net';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

const [port, pid, username, password, metricsToken, asan] = process.argv.slice(2);
const host = '127.0.0.1';
const MB = 1024 * 1024;
let failures = 0;
const fail = (msg) => { console.log(`FAIL: ${msg}`); failures++; };
const ok = (msg) => console.log(`ok   ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- a raw HTTP/1.1 exchange ----
// Sends `head` (and optionally writes `body` pieces from an async generator), collects the answer
// until the server closes or `timeoutMs` passes. Returns {status, headers, body, raw, written, error}.
function exchange(head, { pieces = null, timeoutMs = 20000, keepOpen = false } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port: Number(port) });
    const chunks = [];
    let written = 0;
    let done = false;
    let error = null;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks);
      const text = raw.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const lines = (headEnd >= 0 ? text.slice(0, headEnd) : text).split('\r\n');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(lines[0] || '');
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: m ? Number(m[1]) : 0, headers, body: headEnd >= 0 ? text.slice(headEnd + 4) : '',
                raw, written, error });
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.on('data', (d) => {
      chunks.push(d);
      if (!keepOpen) {
        // A complete answer with Content-Length: done (the server may keep the connection).
        const text = Buffer.concat(chunks).toString('latin1');
        const headEnd = text.indexOf('\r\n\r\n');
        const cl = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd + 2));
        if (headEnd >= 0 && cl && Buffer.byteLength(text, 'latin1') >= headEnd + 4 + Number(cl[1])) finish();
      }
    });
    sock.on('error', (e) => { error = e.code || String(e); });
    sock.on('close', finish);
    sock.on('connect', async () => {
      const write = (buf) => new Promise((r) => {
        if (done || sock.destroyed) return r(false);
        const flushed = sock.write(buf, (e) => { if (e) r(false); });
        written += buf.length;
        if (flushed) r(true); else sock.once('drain', () => r(true));
      });
      if (!(await write(Buffer.from(head, 'latin1')))) return;
      if (pieces) {
        for await (const p of pieces) {
          if (done || sock.destroyed || !(await write(p))) break;
        }
      }
    });
  });
}

// ---- background health poller and memory sampler ----
function memory() {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s) || [0, 0])[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}
// The health poller runs in a worker thread with its own event loop, so that the attack's own
// traffic in this thread cannot delay its measurements.
const pollerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { host, port } = workerData;
let stop = false, maxLatency = 0, polls = 0;
const bad = [];
parentPort.on('message', () => { stop = true; });
function once() {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let data = '';
    const s = net.connect({ host, port });
    const done = (ok) => { s.destroy(); resolve({ ms: Date.now() - t0, ok, data }); };
    const timer = setTimeout(() => done(false), 5000);
    s.on('connect', () => s.write('GET /api/v1/health HTTP/1.1\\r\\nHost: ' + host + ':' + port +
                                  '\\r\\nConnection: close\\r\\n\\r\\n'));
    s.on('data', (d) => { data += d; if (data.endsWith('{"status":"ok"}')) { clearTimeout(timer); done(true); } });
    s.on('error', () => {});
    s.on('close', () => { clearTimeout(timer); done(data.endsWith('{"status":"ok"}')); });
  });
}
(async () => {
  while (!stop) {
    const r = await once();
    polls++;
    maxLatency = Math.max(maxLatency, r.ms);
    if (!r.ok || r.ms > 1000 || !r.data.startsWith('HTTP/1.1 200')) bad.push((r.data.slice(9, 12) || 'no answer') + ' in ' + r.ms + ' ms');
    await new Promise((res) => setTimeout(res, Math.max(0, 200 - r.ms)));
  }
  parentPort.postMessage({ maxLatency, polls, bad });
})();
`;
function watch() {
  const w = { peakRss: 0 };
  const worker = new Worker(pollerCode, { eval: true, workerData: { host, port: Number(port) } });
  const result = new Promise((resolve) => worker.once('message', resolve));
  const sampler = setInterval(() => { w.peakRss = Math.max(w.peakRss, memory().rss); }, 50);
  w.end = async () => {
    clearInterval(sampler);
    worker.postMessage('stop');
    Object.assign(w, await result);
    await worker.terminate();
  };
  return w;
}
const results = [];
// Answers per attack. A refused client that keeps sending may see its connection reset before
// it has read the answer (rarely, on a loaded machine): at most 5 % of the runs may lack one.
const tallies = {};
const tally = (name, status) => { (tallies[name] ||= {})[status] = (tallies[name][status] || 0) + 1; };
function checkTally(name, expected) {
  const t = tallies[name] || {};
  const runs = Object.values(t).reduce((a, b) => a + b, 0);
  if (!((t[expected] || 0) >= 0.95 * runs && runs > 0)) fail(`${name}: answers ${JSON.stringify(t)}, expected ${expected}`);
  else ok(`${name}: answers ${JSON.stringify(t)}`);
}
// Runs `fn` (one attack, returning a description) three at a time, again and again, for at
// least `seconds` (once when seconds is 0).
async function attack(name, fn, seconds = 4) {
  const w = watch();
  const t0 = Date.now();
  let detail = '';
  let runs = 0;
  const lane = async () => {
    do {
      try { detail = await fn(); } catch (e) { fail(`${name}: ${e.stack || e}`); }
      runs++;
    } while (Date.now() - t0 < seconds * 1000);
  };
  await Promise.all(seconds ? [lane(), lane(), lane()] : [lane()]);
  detail += ` (${runs} runs)`;
  await w.end();
  const hwm = memory().hwm;
  results.push({ name, seconds: ((Date.now() - t0) / 1000).toFixed(1), peakRss: w.peakRss.toFixed(0),
                 hwm: hwm.toFixed(0), maxHealthMs: w.maxLatency, polls: w.polls });
  if (w.polls < 3) fail(`${name}: only ${w.polls} health polls ran`);
  if (w.bad.length) fail(`${name}: health answers late or wrong: ${w.bad.slice(0, 5).join(', ')}`);
  else ok(`${name}: ${detail}; health ${w.polls}x, slowest ${w.maxLatency} ms; RSS peak ${w.peakRss.toFixed(0)} MB`);
  if (hwm >= limitMb) fail(`${name}: server memory peak (VmHWM) ${hwm.toFixed(0)} MB >= ${limitMb.toFixed(0)} MB`);
}

async function* repeat(buf, times) { for (let i = 0; i < times; i++) yield buf; }

async function login() {
  const body = JSON.stringify({ username, password });
  const r = await exchange(`POST /api/v1/login HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\n` +
                           `Origin: http://${host}:${port}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  if (r.status !== 200) throw new Error(`login: HTTP ${r.status} ${r.body}`);
  const cookie = (r.raw.toString('latin1').match(/\r\nset-cookie: *([^;\r]+)/i) || [])[1];
  return { cookie, headers: r.headers };
}

// ---- the attacks ----
// (After refusing, the server reads and drops what a client still sends for up to 2 s, so that
// the client can read the answer; the bytes "sent" below are dropped, never kept. What is kept is
// measured by the memory samples.)
const base = memory();
const limitMb = asan === '1' ? base.hwm + 200 : 200;
console.log(`server pid ${pid}: RSS ${base.rss.toFixed(0)} MB, VmHWM ${base.hwm.toFixed(0)} MB before the attacks; ` +
            `memory limit ${limitMb.toFixed(0)} MB${asan === '1' ? ' (AddressSanitizer build: 200 MB above that)' : ''}`);

await attack('chunked POST /api/v1/login, 400 x 1 MiB chunks', async () => {
  const chunk = Buffer.concat([Buffer.from('100000\r\n'), Buffer.alloc(MB, 0x61), Buffer.from('\r\n')]);
  const r = await exchange(`POST /api/v1/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
                           'Transfer-Encoding: chunked\r\n\r\n', { pieces: repeat(chunk, 400) });
  tally('chunked', r.status);
  if (r.status !== 411 && r.status !== 0) fail(`chunked body: HTTP ${r.status}, expected 411 Length Required`);
  return `HTTP ${r.status}, closed after ${(r.written / MB).toFixed(1)} MiB sent`;
});

await attack('GET then 300 MiB without a newline', async () => {
  const r = await exchange('GET /', { pieces: repeat(Buffer.alloc(MB, 0x61), 300) });
  if (r.status !== 414 && r.status !== 0) fail(`long request line: HTTP ${r.status}, expected 414`);
  return `HTTP ${r.status || '(reset before the answer was read)'}, closed after ${(r.written / MB).toFixed(1)} MiB sent`;
});

await attack('GET /api/v1/health with 2,000,000 header lines', async () => {
  const line = 'X-Filler: ' + 'a'.repeat(78) + '\r\n';  // 90 bytes
  const block = Buffer.from(line.repeat(10000), 'latin1');
  const r = await exchange(`GET /api/v1/health HTTP/1.1\r\nHost: ${host}\r\n`, { pieces: repeat(block, 200) });
  if (r.status !== 431 && r.status !== 0) fail(`many headers: HTTP ${r.status}, expected 431`);
  if (r.status === 200) fail('many headers: answered 200');
  return `HTTP ${r.status || '(reset)'}, closed after ${(r.written / MB).toFixed(1)} MiB sent`;
});

await attack('70 slowloris connections, a header line every 5 s for 20 s', async () => {
  const until = Date.now() + 20000;
  const statuses = {};
  let opened = 0;
  const one = async () => {
    while (Date.now() < until) {
      opened++;
      const r = await exchange(`GET /api/v1/health HTTP/1.1\r\nHost: ${host}\r\n`, {
        keepOpen: true, timeoutMs: until - Date.now() + 15000,
        pieces: (async function* () {
          for (let i = 0; Date.now() < until; i++) { await sleep(5000); yield Buffer.from(`X-Slow-${i}: 1\r\n`); }
        })(),
      });
      const key = r.status || `none (${r.error || 'closed'} after ${r.raw.length} bytes)`;
      statuses[key] = (statuses[key] || 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 70 }, one));
  if (statuses[200]) fail(`slowloris: ${statuses[200]} slow requests were answered 200`);
  if (!((statuses[408] || 0) >= 0.9 * opened)) fail(`slowloris: not 408 Request Timeout (${JSON.stringify(statuses)})`);
  return `${opened} connections, answers ${JSON.stringify(statuses)}`;
}, 0);

const { cookie } = await login();
const measurement = '/api/v1/measurements/fuldtidspersoner?from=2019-01&to=2019-06&area=kommune,rar,land';
await attack('logged in, Range: bytes=0-,0-,... x400 on a measurement', async () => {
  const ranges = Array(400).fill('0-').join(',');
  const r = await exchange(`GET ${measurement} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n` +
                           `Range: bytes=${ranges}\r\nConnection: close\r\n\r\n`);
  if (r.status !== 416) fail(`multi-range: HTTP ${r.status}, expected 416`);
  if (r.raw.length > 10000) fail(`multi-range: a ${r.raw.length}-byte answer`);
  // One range is ignored: the whole answer, 200 (API and pages).
  const one = await exchange(`GET ${measurement} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n` +
                             'Range: bytes=0-9\r\nConnection: close\r\n\r\n');
  if (one.status !== 200 || !one.body.startsWith('{') || one.body.length < 100) {
    fail(`one range on the API: HTTP ${one.status}, ${one.body.length} bytes`);
  }
  const page = await exchange(`GET /js/app.js HTTP/1.1\r\nHost: ${host}\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n`);
  if (page.status !== 200 || page.body.length < 1000) fail(`one range on a page: HTTP ${page.status}, ${page.body.length} bytes`);
  return `HTTP ${r.status}, ${r.raw.length} bytes; one range ignored (200, whole)`;
});

await attack('POST /api/v1/login with a 9 MiB Content-Length body', async () => {
  const size = 9 * MB;
  const r = await exchange(`POST /api/v1/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
                           `Content-Length: ${size}\r\n\r\n`, { pieces: repeat(Buffer.alloc(MB, 0x20), 9) });
  tally('9 MiB', r.status);
  if (r.status !== 413 && r.status !== 0) fail(`9 MiB body: HTTP ${r.status}, expected 413`);
  const under = 8 * MB;  // exactly the limit is read (and refused as not JSON)
  const r2 = await exchange(`POST /api/v1/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
                            `Content-Length: ${under}\r\nConnection: close\r\n\r\n`, { pieces: repeat(Buffer.alloc(MB, 0x20), 8) });
  if (r2.status !== 400) fail(`8 MiB body: HTTP ${r2.status}, expected 400 (read, not JSON)`);
  return `9 MiB: HTTP ${r.status}; exactly 8 MiB: HTTP ${r2.status}`;
});

checkTally('chunked', 411);
checkTally('9 MiB', 413);

// ---- hardening headers, exact values ----
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
const common = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
                 'x-frame-options': 'DENY', 'strict-transport-security': undefined };
const page = { ...common, 'cache-control': 'no-cache' };
const api = { ...common, 'cache-control': 'no-store' };
const get = (path, extra = '') => exchange(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\n${extra}Connection: close\r\n\r\n`);
const loginBody = JSON.stringify({ username, password });
const table = [
  ['/', () => get('/'), page, 200],
  ['/index.html', () => get('/index.html'), page, 200],
  ['/js/app.js', () => get('/js/app.js'), page, 200],
  ['/api/v1/health', () => get('/api/v1/health'), api, 200],
  ['measurement', () => get(measurement, `Cookie: ${cookie}\r\n`), api, 200],
  ['POST /api/v1/login', () => exchange(`POST /api/v1/login HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\n` +
      `Origin: http://${host}:${port}\r\nContent-Length: ${loginBody.length}\r\nConnection: close\r\n\r\n${loginBody}`), api, 200],
  ['unknown API path (404)', () => get('/api/v1/nothing-here'), api, 404],
];
for (const [name, fetch, want, status] of table) {
  const r = await fetch();
  if (r.status !== status) fail(`${name}: HTTP ${r.status}, expected ${status}`);
  const wrong = Object.entries(want).filter(([k, v]) => r.headers[k] !== v)
    .map(([k, v]) => `${k}: got ${JSON.stringify(r.headers[k])}, expected ${JSON.stringify(v)}`);
  if (wrong.length) fail(`${name} headers: ${wrong.join('; ')}`); else ok(`${name}: every hardening header exact`);
}

// ---- health and metrics: what needs a login ----
const open = await get('/api/v1/health');
if (open.body !== '{"status":"ok"}') fail(`health without login: ${open.body}`); else ok('health without login is only {"status":"ok"}');
const full = await get('/api/v1/health', `Cookie: ${cookie}\r\n`);
const fullJson = JSON.parse(full.body || '{}');
if (!(fullJson.store && fullJson.store.persons > 0 && fullJson.version)) fail(`health with login: ${full.body}`);
else ok(`health with login: ${full.body}`);
const m0 = await get('/api/v1/metrics');
if (m0.status !== 401) fail(`metrics without login: HTTP ${m0.status}`); else ok('metrics without login: 401');
const m1 = await get('/api/v1/metrics', `Cookie: ${cookie}\r\n`);
if (m1.status !== 200 || !m1.body.includes('fremdrift_http_requests_total')) fail(`metrics with login: HTTP ${m1.status}`);
else ok('metrics with login: 200');
const m2 = await get('/api/v1/metrics', `Authorization: Bearer ${metricsToken}\r\n`);
if (m2.status !== 200) fail(`metrics with the token: HTTP ${m2.status}`); else ok('metrics with the token: 200');
const m3 = await get('/api/v1/metrics', `Authorization: Bearer ${metricsToken}x\r\n`);
if (m3.status !== 401) fail(`metrics with a wrong token: HTTP ${m3.status}`); else ok('metrics with a wrong token: 401');

console.log('\nattack | seconds | RSS peak MB | VmHWM MB | slowest health ms | health polls');
for (const r of results) console.log(`${r.name} | ${r.seconds} | ${r.peakRss} | ${r.hwm} | ${r.maxHealthMs} | ${r.polls}`);
if (failures) { console.log(`${failures} check(s) failed`); process.exit(1); }
console.log('all hostile-client checks passed');
