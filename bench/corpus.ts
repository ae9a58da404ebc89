/**
 * The benchmark corpus: a deterministic stream of nginx error-log entries shaped like a real fleet's
 * logs, and its two packings: CloudWatch Logs subscription payloads (`{ awslogs: { data } }`) of
 * 1 000 and 10 000 events, and a plain file for the CLI.
 *
 * Shapes come from the real-nginx captures in `examples/` (same messages, tails, unix / fastcgi
 * upstreams, multi-line FastCGI traces, lifecycle notices) and from what production error logs are
 * mostly made of: static 404s, rate limiting, client aborts, TLS noise from scanners, buffered
 * responses. Clients, hosts, URIs, ids and upstreams vary so gzip ratios are realistic (not the
 * 50x of a repeated line). About 5 % of the entries are upstream failures, and they come in runs,
 * as incidents do.
 *
 * Run directly to write a plain file: `node --import tsx bench/corpus.ts [--big | --mb N]`.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rng } from './Rng.ts';

/** Bump when the generator changes, so cached files in bench/out are not reused. */
export const CORPUS_VERSION = 1;
export const DEFAULT_SEED = 20261122;
const HERE = dirname(fileURLToPath(import.meta.url));
/** bench/out, also when this module runs bundled from bench/out (profiling). */
export const OUT_DIR = basename(HERE) === 'out' ? HERE : join(HERE, 'out');
/** The repository root. */
export const ROOT = join(OUT_DIR, '..', '..');

/** 2026-11-22T00:00:00Z */
const START_MS = Date.UTC(2026, 10, 22, 0, 0, 0);

const WORDS = [
  'orders',
  'cart',
  'checkout',
  'invoice',
  'users',
  'profile',
  'search',
  'catalog',
  'products',
  'reviews',
  'shipping',
  'payments',
  'refund',
  'coupon',
  'wishlist',
  'inventory',
  'report',
  'export',
  'session',
  'token',
  'avatar',
  'settings',
  'billing',
  'plan',
  'team',
  'project',
  'issue',
  'comment',
  'upload',
  'media',
  'gallery',
  'summer',
  'winter',
  'sale',
  'linen',
  'shirt',
  'boots',
  'lamp',
  'desk',
  'chair',
  'coffee',
  'grinder',
  'kettle',
  'backpack',
  'jacket',
  'wool',
  'cotton',
  'blue',
  'red',
  'black',
  'small',
  'large',
  'classic',
  'modern',
  'vintage',
  'organic',
  'premium',
  'basic',
  'travel',
  'garden',
] as const;

const USER_AGENTS_REFERRERS = [
  'https://www.google.com/',
  'https://www.bing.com/search?q=',
  'https://duckduckgo.com/',
  'https://t.co/',
  'android-app://com.google.android.gm/',
] as const;

type SiteKind = 'proxy' | 'php' | 'uwsgi' | 'grpc' | 'static' | 'tls';

interface Site {
  server: string;
  kind: SiteKind;
  root: string;
  group: string;
  /** Upstream peers as nginx writes them before the URI: `http://10.0.3.17:8080`, `http://unix:/run/x.sock:`. */
  peers: string[];
  limitZone: string;
}

interface Instance {
  id: string;
  pids: number[];
  master: number;
  cid: number;
  time: number;
}

function makeSites(rng: Rng): Site[] {
  const tcp = (port: number, n: number) =>
    Array.from({ length: n }, () => `http://10.0.${rng.int(1, 9)}.${rng.int(10, 250)}:${port}`);
  return [
    {
      server: 'api.example.com',
      kind: 'proxy',
      root: '/srv/api/public',
      group: 'api_backend',
      peers: tcp(3000, 4),
      limitZone: 'api_limit',
    },
    {
      server: 'shop.example.com',
      kind: 'proxy',
      root: '/var/www/shop/public',
      group: 'shop_app',
      peers: ['http://unix:/run/gunicorn/shop.sock:'],
      limitZone: 'shop_rl',
    },
    {
      server: 'www.example.com',
      kind: 'php',
      root: '/var/www/html',
      group: 'php_fpm',
      peers: ['fastcgi://unix:/run/php/php8.2-fpm.sock:'],
      limitZone: 'wp_login',
    },
    {
      server: 'blog.example.org',
      kind: 'php',
      root: '/var/www/blog',
      group: 'php_fpm',
      peers: ['fastcgi://127.0.0.1:9000'],
      limitZone: 'wp_login',
    },
    {
      server: 'admin.example.com',
      kind: 'uwsgi',
      root: '/srv/admin/static',
      group: 'admin_uwsgi',
      peers: ['uwsgi://unix:/run/uwsgi/admin.sock:'],
      limitZone: 'admin',
    },
    {
      server: 'grpc.example.com',
      kind: 'grpc',
      root: '/srv/grpc',
      group: 'grpc_pool',
      peers: ['grpc://10.0.5.12:50051', 'grpc://10.0.5.13:50051'],
      limitZone: 'grpc',
    },
    {
      server: 'static.example-cdn.net',
      kind: 'static',
      root: '/var/www/static',
      group: 'none',
      peers: [],
      limitZone: 'static',
    },
    {
      server: 'auth.example.com',
      kind: 'tls',
      root: '/srv/auth',
      group: 'auth_tls',
      peers: tcp(8443, 2).map((p) => p.replace('http:', 'https:')),
      limitZone: 'auth_rl',
    },
  ];
}

function makeClients(rng: Rng, n: number): string[] {
  const clients: string[] = [];
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.04))
      clients.push(`2a02:${rng.hex(3)}:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(rng.int(1, 4))}`);
    else if (rng.chance(0.1)) clients.push(`172.31.${rng.int(0, 63)}.${rng.int(1, 254)}`);
    else clients.push(`${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`);
  }
  return clients;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * The generator of one fleet's error-log entries. Each instance is one log stream whose clock moves
 * forward; `next(instance)` returns that stream's next entry (an entry may span several physical
 * lines: FastCGI traces).
 */
export class CorpusGenerator {
  readonly instances: Instance[];
  private readonly rng: Rng;
  private readonly sites: Site[];
  private readonly clients: string[];
  private readonly queue = new Map<Instance, { text: string; timestamp: number }[]>();
  /** The upstream failure template of the current run (failures come in incidents, not alone). */
  private failureRun: { template: number; left: number; site: Site } | undefined;
  private secondCache = { second: -1, text: '' };

  constructor(seed = DEFAULT_SEED, instanceCount = 12) {
    this.rng = new Rng(seed);
    this.sites = makeSites(this.rng);
    this.clients = makeClients(this.rng, 30000);
    this.instances = Array.from({ length: instanceCount }, (_, i) => ({
      id: `i-0${this.rng.hex(16)}`.slice(0, 19),
      master: 900 + i * 37,
      pids: [0, 1, 2, 3].map((w) => 1000 + i * 37 + w),
      cid: this.rng.int(1000, 900000),
      time: START_MS + this.rng.int(0, 5000),
    }));
  }

  /** The next entry of an instance's stream, with its event time (epoch ms). */
  next(instance: Instance): { text: string; timestamp: number } {
    const queued = this.queue.get(instance);
    if (queued && queued.length > 0) return queued.shift()!;
    instance.time += this.rng.int(0, 240);
    const texts = this.pickTemplate(instance);
    const first = texts[0]!;
    if (texts.length > 1) {
      this.queue.set(
        instance,
        texts.slice(1).map((text) => ({ text, timestamp: instance.time })),
      );
    }
    return { text: first, timestamp: instance.time };
  }

  private stamp(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.secondCache.second) {
      const d = new Date(second * 1000);
      this.secondCache = {
        second,
        text: `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`,
      };
    }
    return this.secondCache.text;
  }

  private head(inst: Instance, level: string, withCid = true): string {
    const pid = this.rng.pick(inst.pids);
    let cid = '';
    if (withCid) {
      inst.cid += this.rng.int(1, 40);
      cid = `*${inst.cid} `;
    }
    return `${this.stamp(inst.time)} [${level}] ${pid}#${pid}: ${cid}`;
  }

  private masterHead(inst: Instance, level = 'notice'): string {
    return `${this.stamp(inst.time)} [${level}] ${inst.master}#${inst.master}: `;
  }

  private client(): string {
    return this.clients[this.rng.skewed(this.clients.length)]!;
  }

  private word(): string {
    return this.rng.pick(WORDS);
  }

  private path(site: Site): string {
    const r = this.rng;
    switch (site.kind) {
      case 'php':
        return r.pick([
          () => `/index.php?p=${r.int(1, 40000)}`,
          () => '/wp-admin/admin-ajax.php',
          () => `/${r.int(2019, 2026)}/${pad2(r.int(1, 12))}/${this.word()}-${this.word()}-${this.word()}/`,
          () => `/wp-json/wp/v2/posts?per_page=${r.pick([10, 20, 50])}&page=${r.int(1, 30)}`,
          () => '/xmlrpc.php',
          () => `/?s=${this.word()}+${this.word()}&utm_source=${this.word()}&fbclid=${r.hex(24)}`,
        ])();
      case 'grpc':
        return `/${r.pick(['orders.v1.OrderService', 'users.v1.UserService', 'cart.v2.CartService'])}/${r.pick(['Get', 'List', 'Create', 'Update'])}${capitalize(this.word())}`;
      case 'static':
        return r.pick([
          () => `/assets/js/main.${r.hex(8)}.js`,
          () => `/img/${this.word()}-${this.word()}-${r.int(100, 99999)}.webp`,
          () => `/fonts/${this.word()}.woff2`,
          () => `/css/app.${r.hex(10)}.css`,
        ])();
      default:
        return r.pick([
          () => `/v1/${this.word()}/${r.int(1, 9999999)}`,
          () => `/v2/${this.word()}?page=${r.int(1, 200)}&limit=${r.pick([20, 50, 100])}&sort=${this.word()}`,
          () => `/v1/users/${r.int(1, 999999)}/${this.word()}?session=${r.hex(32)}`,
          () => `/products/${this.word()}-${this.word()}-${r.int(1000, 999999)}`,
          () => `/checkout/${r.hex(16)}/confirm`,
          () => '/health',
          () => '/',
          () => `/api/${this.word()}/${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
          () => `/search?q=${this.word()}+${this.word()}&category=${this.word()}&gclid=${r.hex(20)}`,
        ])();
    }
  }

  private request(site: Site, path = this.path(site)): string {
    const method = this.rng.chance(0.78) ? 'GET' : this.rng.pick(['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
    const proto = site.kind === 'grpc' ? 'HTTP/2.0' : this.rng.chance(0.3) ? 'HTTP/2.0' : 'HTTP/1.1';
    return `${site.kind === 'grpc' ? 'POST' : method} ${path} ${proto}`;
  }

  private upstreamFor(site: Site, path: string, peer = this.rng.pick(site.peers)): string {
    if (peer.startsWith('fastcgi://') || peer.startsWith('uwsgi://') || peer.startsWith('grpc://'))
      return peer;
    return `${peer}${path}`;
  }

  private tail(
    site: Site,
    opts: { path?: string; upstream?: string | false; referrer?: boolean } = {},
  ): string {
    const path = opts.path ?? this.path(site);
    const req = this.request(site, path);
    let s = `, client: ${this.client()}, server: ${site.server}, request: "${req}"`;
    if (opts.upstream !== false && site.peers.length > 0) {
      s += `, upstream: "${opts.upstream ?? this.upstreamFor(site, path)}"`;
    }
    s += `, host: "${this.rng.chance(0.97) ? site.server : `${site.server}:443`}"`;
    if (opts.referrer ?? this.rng.chance(0.15)) {
      s += `, referrer: "${this.rng.chance(0.5) ? `https://${site.server}${this.path(site)}` : this.rng.pick(USER_AGENTS_REFERRERS)}"`;
    }
    return s;
  }

  private proxySite(): Site {
    return this.sites[this.rng.skewed(6, 1.6)]!;
  }

  /** Upstream failures: what issue 2's catalogue is about. */
  private readonly failures: ((inst: Instance, site: Site) => string)[] = [
    (i, s) =>
      `${this.head(i, 'error')}connect() failed (111: Connection refused) while connecting to upstream${this.tail(s)}`,
    (i, s) =>
      `${this.head(i, 'error')}upstream timed out (110: Connection timed out) while reading response header from upstream${this.tail(s)}`,
    (i, s) =>
      `${this.head(i, 'error')}upstream prematurely closed connection while reading response header from upstream${this.tail(s)}`,
    (i, s) =>
      `${this.head(i, 'error')}recv() failed (104: Connection reset by peer) while reading response header from upstream${this.tail(s)}`,
    (i, s) => {
      const path = this.path(s);
      return `${this.head(i, 'error')}no live upstreams while connecting to upstream${this.tail(s, { path, upstream: `http://${s.group}${path}` })}`;
    },
    (i, s) =>
      `${this.head(i, 'warn')}upstream server temporarily disabled while connecting to upstream${this.tail(s)}`,
    (i) => {
      const site = this.sites[1]!;
      return `${this.head(i, 'crit')}connect() to unix:/run/gunicorn/shop.sock failed (2: No such file or directory) while connecting to upstream${this.tail(site)}`;
    },
    (i) => {
      const site = this.sites[4]!;
      return `${this.head(i, 'crit')}connect() to unix:/run/uwsgi/admin.sock failed (13: Permission denied) while connecting to upstream${this.tail(site)}`;
    },
    (i) => {
      const site = this.sites[2]!;
      return `${this.head(i, 'error')}connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream${this.tail(site)}`;
    },
    (i, s) =>
      `${this.head(i, 'error')}upstream timed out (110: Connection timed out) while connecting to upstream${this.tail(s)}`,
    (i) => {
      const site = this.sites[7]!;
      return `${this.head(i, 'error')}SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream${this.tail(site)}`;
    },
    (i) => {
      const site = this.sites[7]!;
      return `${this.head(i, 'error')}upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream${this.tail(site)}`;
    },
    (i, s) =>
      `${this.head(i, 'error')}upstream sent too big header while reading response header from upstream${this.tail(s)}`,
    (i, s) =>
      `${this.head(i, 'error')}upstream sent invalid header: "X-Debug-${this.rng.hex(6)}\\x00..." while reading response header from upstream${this.tail(s)}`,
    (i, s) =>
      `${this.head(i, 'error')}connect() failed (113: No route to host) while connecting to upstream${this.tail(s)}`,
    (i, s) => {
      const peer = this.rng.pick(this.sites[0]!.peers);
      return `${this.head(i, 'crit')}connect() to ${peer.slice(7)} failed (99: Cannot assign requested address) while connecting to upstream${this.tail(s)}`;
    },
    (i, s) =>
      `${this.head(i, 'error')}${this.word()}.internal could not be resolved (3: Host not found)${this.tail(s, { upstream: false })}`,
    (i, s) =>
      `${this.head(i, 'error')}writev() failed (32: Broken pipe) while sending request to upstream${this.tail(s)}`,
    (i) =>
      `${this.head(i, 'alert')}socket() failed (24: Too many open files) while connecting to upstream${this.tail(this.sites[0]!)}`,
    (i) => `${this.head(i, 'alert', false)}1024 worker_connections are not enough`,
  ];
  /** Relative frequency of each failure above. */
  private readonly failureWeights = [30, 20, 12, 8, 8, 6, 3, 2, 2, 3, 1, 1, 3, 1, 1, 1, 1, 1, 0.5, 0.5];

  private pickFailure(inst: Instance): string {
    const run = this.failureRun;
    if (run && run.left > 0) {
      run.left--;
      return this.failures[run.template]!(inst, run.site);
    }
    const template = weighted(this.rng, this.failureWeights);
    const site = this.proxySite();
    this.failureRun = { template, left: this.rng.int(0, 40), site };
    return this.failures[template]!(inst, site);
  }

  private fastcgiTrace(inst: Instance): string[] {
    const site = this.sites[2]!;
    const file = `/var/www/html/app/${this.word()}/${capitalize(this.word())}.php`;
    const line = this.rng.int(10, 2000);
    const frames = this.rng.int(2, 12);
    const lines = [
      `${this.head(inst, 'error')}FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in ${file}:${line}`,
      'Stack trace:',
    ];
    for (let f = 0; f < frames; f++) {
      lines.push(
        `#${f} /var/www/html/app/${this.word()}/${this.word()}.php(${this.rng.int(5, 900)}): App\\${this.word()}->${this.word()}()`,
      );
    }
    lines.push(`#${frames} {main}`);
    lines.push(
      `  thrown in ${file} on line ${line}" while reading response header from upstream${this.tail(site)}`,
    );
    return [lines.join('\n')];
  }

  private lifecycle(inst: Instance): string[] {
    const h = () => this.masterHead(inst);
    const signaller = this.rng.int(30000, 60000);
    const old = inst.pids;
    const fresh = old.map((p) => p + 4 * 37 * 12);
    inst.pids = fresh;
    const out = [
      `${this.stamp(inst.time)} [notice] ${signaller}#${signaller}: signal process started`,
      `${h()}signal 1 (SIGHUP) received from ${signaller}, reconfiguring`,
      `${h()}reconfiguring`,
      `${h()}using the "epoll" event method`,
      `${h()}start worker processes`,
      ...fresh.map((p) => `${h()}start worker process ${p}`),
    ];
    for (const p of old) {
      out.push(`${this.stamp(inst.time)} [notice] ${p}#${p}: gracefully shutting down`);
      out.push(`${this.stamp(inst.time)} [notice] ${p}#${p}: exiting`);
      out.push(`${this.stamp(inst.time)} [notice] ${p}#${p}: exit`);
      out.push(`${h()}signal 17 (SIGCHLD) received from ${p}`);
      out.push(`${h()}worker process ${p} exited with code 0`);
    }
    out.push(`${h()}signal 29 (SIGIO) received`);
    return out;
  }

  private junk(): string {
    const r = this.rng;
    return r.pick([
      () =>
        `PHP Warning:  Undefined variable $${this.word()} in /var/www/html/${this.word()}.php on line ${r.int(1, 500)}`,
      () =>
        `nginx: [emerg] unknown directive "proxy_passs" in /etc/nginx/sites-enabled/${this.word()}.conf:${r.int(1, 80)}`,
      () => `nginx: configuration file /etc/nginx/nginx.conf test failed`,
      () => String.fromCharCode(...Array.from({ length: r.int(8, 60) }, () => r.int(0, 31))),
      () => `${r.hex(r.int(10, 80))}`,
      () => `2026/11/22 ${pad2(r.int(0, 23))}:${pad2(r.int(0, 59))}`,
      () => `\tat ${this.word()}.${this.word()}(${this.word()}.java:${r.int(1, 400)})`,
    ])();
  }

  /** A line nginx cut at its 2048-byte limit: a long query string. */
  private cut(inst: Instance): string {
    const site = this.sites[0]!;
    const query = Array.from({ length: 120 }, () => `${this.word()}=${this.rng.hex(12)}`).join('&');
    const full = `${this.head(inst, 'error')}upstream timed out (110: Connection timed out) while reading response header from upstream${this.tail(site, { path: `/v2/search?${query}` })}`;
    return full.slice(0, 2047);
  }

  private pickTemplate(inst: Instance): string[] {
    const r = this.rng;
    const x = r.next() * 100;
    const site = () => this.sites[r.skewed(this.sites.length, 1.3)]!;
    const staticSite = () => (r.chance(0.6) ? this.sites[6]! : site());
    if (x < 5) return [this.pickFailure(inst)];
    if (x < 8)
      return [
        r.pick([
          () =>
            `${this.head(inst, 'error')}FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined array key \\"${this.word()}\\" in /var/www/html/wp-content/plugins/${this.word()}-${this.word()}/includes/class-${this.word()}.php on line ${r.int(10, 3000)}" while reading response header from upstream${this.tail(this.sites[2]!)}`,
          () =>
            `${this.head(inst, 'error')}FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream${this.tail(this.sites[3]!, { path: `/${this.word()}.php` })}`,
          () =>
            `${this.head(inst, 'error')}FastCGI sent in stderr: "PHP message: PHP Deprecated:  ${this.word()}(): Passing null to parameter #1 ($string) of type string is deprecated in /var/www/blog/wp-includes/formatting.php on line ${r.int(10, 6000)}; PHP message: PHP Notice:  Trying to access array offset on value of type null in /var/www/blog/wp-content/themes/${this.word()}/functions.php on line ${r.int(10, 900)}" while reading upstream${this.tail(this.sites[3]!)}`,
        ])(),
      ];
    if (x < 8.1) return this.fastcgiTrace(inst);
    if (x < 36) {
      const s = staticSite();
      const p = r.pick([
        '/favicon.ico',
        '/apple-touch-icon.png',
        '/apple-touch-icon-precomposed.png',
        '/robots.txt',
        '/.env',
        '/.git/config',
        '/wp-login.php',
        `/assets/js/chunk-${r.hex(8)}.js`,
        `/img/${this.word()}-${r.int(100, 99999)}.jpg`,
        `/uploads/${r.int(2019, 2026)}/${pad2(r.int(1, 12))}/${this.word()}-${r.hex(6)}.png`,
        '/sitemap.xml',
        '/ads.txt',
      ] as const);
      return [
        `${this.head(inst, 'error')}open() "${s.root}${p}" failed (2: No such file or directory)${this.tail(s, { path: p, upstream: false })}`,
      ];
    }
    if (x < 38) {
      const s = staticSite();
      return [
        `${this.head(inst, 'error')}"${s.root}/${this.word()}/index.html" is not found (2: No such file or directory)${this.tail(s, { path: `/${this.word()}/`, upstream: false })}`,
      ];
    }
    if (x < 48) {
      const s = site();
      return [
        `${this.head(inst, 'error')}limiting requests, excess: ${r.int(1, 60)}.${String(r.int(0, 999)).padStart(3, '0')} by zone "${s.limitZone}"${this.tail(s, { upstream: false })}`,
      ];
    }
    if (x < 50) {
      const s = site();
      return [
        `${this.head(inst, 'warn')}delaying request, excess: 0.${String(r.int(0, 999)).padStart(3, '0')}, by zone "${s.limitZone}"${this.tail(s, { upstream: false })}`,
      ];
    }
    if (x < 51) {
      const s = site();
      return [
        `${this.head(inst, 'error')}limiting connections by zone "conn_limit"${this.tail(s, { upstream: false })}`,
      ];
    }
    if (x < 56)
      return [
        `${this.head(inst, 'info')}epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream${this.tail(this.proxySite())}`,
      ];
    if (x < 59)
      return [
        `${this.head(inst, 'info')}client prematurely closed connection while sending to client${this.tail(this.proxySite())}`,
      ];
    if (x < 65) return [`${this.head(inst, 'info')}client ${this.client()} closed keepalive connection`];
    if (x < 68)
      return [
        `${this.head(inst, 'info')}client timed out (110: Connection timed out) while reading client request headers, client: ${this.client()}, server: 0.0.0.0:443`,
      ];
    if (x < 76) {
      const s = this.proxySite();
      return [
        `${this.head(inst, 'warn')}an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${r.int(0, 9)}/${pad2(r.int(0, 99))}/00000${r.digits(5)} while reading upstream${this.tail(s)}`,
      ];
    }
    if (x < 78) {
      const s = this.proxySite();
      return [
        `${this.head(inst, 'warn')}a client request body is buffered to a temporary file /var/cache/nginx/client_temp/00000${r.digits(5)}${this.tail(s, { upstream: false })}`,
      ];
    }
    if (x < 82)
      return [
        `${this.head(inst, 'info')}SSL_do_handshake() failed (SSL: error:${r.pick(['0A00006C:SSL routines::bad key share', '0A000102:SSL routines::unsupported protocol', '0A0000C1:SSL routines::no shared cipher', '0A00009C:SSL routines::http request'])}) while SSL handshaking, client: ${this.client()}, server: 0.0.0.0:443`,
      ];
    if (x < 84)
      return [
        `${this.head(inst, 'info')}peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking, client: ${this.client()}, server: 0.0.0.0:443`,
      ];
    if (x < 87) {
      const s = site();
      return [
        `${this.head(inst, 'error')}access forbidden by rule${this.tail(s, { path: r.pick(['/.git/HEAD', '/.htaccess', '/server-status', '/admin/']), upstream: false })}`,
      ];
    }
    if (x < 88) {
      const s = staticSite();
      return [
        `${this.head(inst, 'error')}directory index of "${s.root}/uploads/" is forbidden${this.tail(s, { path: '/uploads/', upstream: false })}`,
      ];
    }
    if (x < 89) {
      const s = this.proxySite();
      return [
        `${this.head(inst, 'error')}client intended to send too large body: ${r.int(1048577, 104857600)} bytes${this.tail(s, { upstream: false })}`,
      ];
    }
    if (x < 91)
      return [
        `${this.head(inst, 'info')}client sent invalid method while reading client request line, client: ${this.client()}, server: ${this.proxySite().server}, request: "${r.pick(['\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03', `MGLNDD_${r.hex(8)}`, '\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr'])}"`,
      ];
    if (x < 93) {
      const s = this.sites[4]!;
      return [
        `${this.head(inst, 'error')}user "${r.pick(['admin', 'root', 'test', 'guest', this.word()])}" was not found in "/etc/nginx/.htpasswd"${this.tail(s, { path: '/admin/', upstream: false })}`,
      ];
    }
    if (x < 94) {
      const s = this.proxySite();
      return [
        r.chance(0.5)
          ? `${this.head(inst, 'error')}upstream timed out (110: Connection timed out) while reading upstream${this.tail(s)}`
          : `${this.head(inst, 'error')}upstream prematurely closed connection while reading upstream${this.tail(s)}`,
      ];
    }
    if (x < 99.3) {
      const s = this.proxySite();
      return [
        `${this.head(inst, 'info')}client closed connection while waiting for request, client: ${this.client()}, server: 0.0.0.0:${r.pick([80, 443])}`,
        ...(r.chance(0.1)
          ? [
              `${this.head(inst, 'info')}recv() failed (104: Connection reset by peer) while reading client request line${this.tail(s, { upstream: false })}`,
            ]
          : []),
      ];
    }
    if (x < 99.32) return this.lifecycle(inst);
    if (x < 99.33)
      return [
        `${this.masterHead(inst, 'alert')}worker process ${r.pick(inst.pids)} exited on signal ${r.pick([9, 11])}`,
      ];
    if (x < 99.5) return [this.cut(inst)];
    return [this.junk()];
  }
}

function weighted(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let x = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** A CloudWatch Logs subscription event as Lambda receives it, and what it holds. */
export interface Payload {
  event: { awslogs: { data: string } };
  events: number;
  /** Physical lines in the events' messages. */
  lines: number;
  /** Bytes of the messages (what the log file held). */
  messageBytes: number;
  /** Bytes of the JSON document before gzip. */
  jsonBytes: number;
  gzipBytes: number;
}

export interface PayloadSets {
  /** The same events, packed 10 000 per payload and 1 000 per payload. */
  bySize: Map<number, Payload[]>;
  events: number;
  lines: number;
  messageBytes: number;
}

const OWNER = '123456789012';
const LOG_GROUP = '/ec2/nginx/error';

/**
 * Generates `totalEvents` events in batches of `largest` events, each batch from one instance's
 * stream (round robin over the fleet), and packs every batch whole and split into `sizes` chunks.
 */
export function buildPayloads(
  totalEvents: number,
  sizes: readonly number[],
  seed = DEFAULT_SEED,
): PayloadSets {
  const gen = new CorpusGenerator(seed);
  const idRng = new Rng(seed ^ 0x5bd1e995);
  const largest = Math.max(...sizes);
  const bySize = new Map<number, Payload[]>(sizes.map((s) => [s, []]));
  let lines = 0;
  let messageBytes = 0;
  let events = 0;
  for (let b = 0; events < totalEvents; b++) {
    const inst = gen.instances[b % gen.instances.length]!;
    const n = Math.min(largest, totalEvents - events);
    const logEvents: { id: string; timestamp: number; message: string }[] = [];
    // CloudWatch ids are 56 digits that start with the event time and end with a sequence: events of
    // one batch share most of their digits, which matters for the payload's gzip ratio.
    const streamPart = idRng.digits(16);
    let seq = idRng.int(0, 1e9);
    for (let i = 0; i < n; i++) {
      const { text, timestamp } = gen.next(inst);
      seq += idRng.int(1, 3);
      const id = `3${String(timestamp).padStart(13, '0')}${String(b % 1e6).padStart(6, '0')}${streamPart}${String(seq).padStart(20, '0')}`;
      logEvents.push({ id, timestamp, message: text });
    }
    for (const size of sizes) {
      for (let at = 0; at < logEvents.length; at += size) {
        bySize.get(size)!.push(pack(inst.id, logEvents.slice(at, at + size)));
      }
    }
    for (const e of logEvents) {
      messageBytes += Buffer.byteLength(e.message);
      lines += countLines(e.message);
    }
    events += n;
  }
  return { bySize, events, lines, messageBytes };
}

function pack(logStream: string, logEvents: { id: string; timestamp: number; message: string }[]): Payload {
  const json = JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: OWNER,
    logGroup: LOG_GROUP,
    logStream,
    subscriptionFilters: ['upstream-triage-errors'],
    logEvents,
  });
  const gz = gzipSync(json);
  let lines = 0;
  let messageBytes = 0;
  for (const e of logEvents) {
    lines += countLines(e.message);
    messageBytes += Buffer.byteLength(e.message);
  }
  return {
    event: { awslogs: { data: gz.toString('base64') } },
    events: logEvents.length,
    lines,
    messageBytes,
    jsonBytes: Buffer.byteLength(json),
    gzipBytes: gz.length,
  };
}

function countLines(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export interface PlainFile {
  path: string;
  bytes: number;
  entries: number;
  lines: number;
}

/**
 * Writes (or reuses) a plain error log of about `megabytes` MB: one instance's stream, as
 * `analyze FILE` reads it. Written to a temporary name and renamed, so a cut run leaves no half file.
 */
export function ensurePlainFile(megabytes: number, seed = DEFAULT_SEED): PlainFile {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `corpus-v${CORPUS_VERSION}-s${seed}-${megabytes}MB.log`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as PlainFile;
    if (meta.bytes === statSync(path).size) return { ...meta, path };
  }
  const target = megabytes * 1024 * 1024;
  const gen = new CorpusGenerator(seed, 1);
  const inst = gen.instances[0]!;
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  let entries = 0;
  let lines = 0;
  const chunk: string[] = [];
  let chunkChars = 0;
  while (bytes < target) {
    const { text } = gen.next(inst);
    chunk.push(text);
    chunkChars += text.length + 1;
    entries++;
    lines += countLines(text);
    if (chunkChars >= 4 * 1024 * 1024) {
      bytes += writeSync(fd, `${chunk.join('\n')}\n`);
      chunk.length = 0;
      chunkChars = 0;
    }
  }
  if (chunk.length > 0) bytes += writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
  renameSync(tmp, path);
  const file = { path, bytes, entries, lines };
  writeFileSync(metaPath, JSON.stringify(file));
  return file;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const mbAt = args.indexOf('--mb');
  const mb = args.includes('--big') ? 1024 : mbAt !== -1 ? Number(args[mbAt + 1]) : 200;
  const t0 = performance.now();
  const file = ensurePlainFile(mb);
  console.log(
    `${file.path}: ${(file.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
