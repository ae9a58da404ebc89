import type { CauseInfo } from '../../model/index.ts';

/**
 * Causes of the `restart` group: the backend (or nginx's own worker) is not there to answer.
 * Remediation facts come from nginx's documentation and common operations practice.
 */
export const RESTART_CAUSES = {
  upstream_refused: {
    id: 'upstream_refused',
    group: 'restart',
    title: 'Backend refused the connection',
    explanation:
      'nginx reached the backend host but nothing accepted the connection on that port or socket (ECONNREFUSED), ' +
      'so it answered 502. The application is stopped, still starting, restarting during a deploy, or listens on ' +
      'another address or port than the one in proxy_pass / fastcgi_pass.',
    checks: [
      'Is the backend process running and listening on the exact address and port nginx uses?',
      'Did a deploy or restart happen at that time (a burst that ends within seconds is a rolling restart)?',
      'Does the backend listen on 127.0.0.1 while nginx connects to another interface, or the other way round?',
      'On EC2 behind an ELB: did the load balancer keep sending traffic to an instance whose app was stopped?',
    ],
    fix: [
      'Start or restart the backend service and make it start on boot (systemctl enable).',
      'Make proxy_pass point at the address and port the backend really listens on.',
      'For deploys: deregister the instance from the target group (wait out the deregistration delay) before ' +
        'stopping the app, or let the app finish in-flight requests on SIGTERM before it exits.',
      'With several backends, list them in an upstream{} block so proxy_next_upstream retries another one.',
    ],
    commands: [
      "ss -ltnp 'sport = :8000'",
      'systemctl status myapp.service',
      'journalctl -u myapp.service --since "10 min ago"',
      'curl -v http://127.0.0.1:8000/',
    ],
    variants: {
      'php-fpm': {
        checks: [
          'Is PHP-FPM running, and does its pool listen on the address in fastcgi_pass?',
          'Did PHP-FPM restart or reload at that time (a PHP upgrade, a pool config change)?',
        ],
        commands: [
          "systemctl status 'php*-fpm*'",
          "ss -ltnp 'sport = :{port}'",
          "ss -xlp | grep '{socket}'",
          "grep -R '^listen' /etc/php/*/fpm/pool.d/",
        ],
      },
      gunicorn: {
        checks: [
          'Is gunicorn running, and does its --bind match the address in proxy_pass?',
          'Did gunicorn restart (a deploy, a HUP) at that time?',
        ],
        commands: [
          'systemctl status gunicorn',
          'journalctl -u gunicorn --since "10 min ago"',
          "ss -ltnp 'sport = :{port}'",
          "ss -xlp | grep '{socket}'",
        ],
      },
      uwsgi: {
        checks: ['Is uWSGI (or its emperor) running, and does its socket option match uwsgi_pass?'],
        commands: [
          'systemctl status uwsgi',
          'journalctl -u uwsgi --since "10 min ago"',
          "ss -ltnp 'sport = :{port}'",
          "ss -xlp | grep '{socket}'",
        ],
      },
      node: {
        checks: [
          'Is the Node process running (pm2, systemd) and listening on the port in proxy_pass?',
          'Did it crash on an unhandled error and get restarted?',
        ],
        commands: [
          'pm2 status',
          'pm2 logs --lines 50',
          "ss -ltnp 'sport = :{port}'",
          'curl -v http://{host}:{port}/',
        ],
      },
      tcp: {
        commands: [
          "ss -ltnp 'sport = :{port}'",
          'curl -v http://{host}:{port}/',
          'systemctl list-units --type=service --state=failed',
        ],
      },
      unix: {
        commands: [
          'ls -l {socket}',
          "ss -xlp | grep '{socket}'",
          'systemctl list-units --type=service --state=failed',
        ],
      },
    },
  },
  socket_missing: {
    id: 'socket_missing',
    group: 'restart',
    title: 'Backend unix socket does not exist',
    explanation:
      'nginx tried to connect to a unix-domain socket file that is not there (ENOENT), so it answered 502. ' +
      'The socket is created by the backend (PHP-FPM, gunicorn, uWSGI) when it starts and removed when it stops: ' +
      'the backend is down, restarting, or configured with a different socket path than nginx.',
    checks: [
      'Is the backend (for example php8.2-fpm) running?',
      'Does the path in fastcgi_pass / proxy_pass / uwsgi_pass match the listen path in the backend config exactly?',
      'Was the PHP version upgraded (php8.1-fpm.sock became php8.2-fpm.sock)?',
      'Does systemd give the service a private /tmp (PrivateTmp=true) while the socket lives in /tmp?',
    ],
    fix: [
      'Start the backend service; if it fails to start, read its own log.',
      'Align the socket path in nginx with the backend listen directive, then nginx -t and reload.',
      'Keep sockets under /run (not /tmp) so PrivateTmp does not hide them.',
    ],
    commands: [
      'systemctl status php8.2-fpm',
      'ls -l /run/php/',
      "grep -R '^listen' /etc/php/*/fpm/pool.d/",
      "grep -Rn 'fastcgi_pass\\|proxy_pass\\|uwsgi_pass' /etc/nginx/",
    ],
    variants: {
      'php-fpm': {
        checks: [
          'Is PHP-FPM running? It creates {socket} when it starts.',
          'Does fastcgi_pass unix:{socket} match the listen line of the FPM pool exactly?',
          'Was the PHP version upgraded (php8.1-fpm.sock became php8.2-fpm.sock)?',
        ],
        commands: [
          "systemctl status 'php*-fpm*'",
          'ls -l {socketDir}',
          "grep -R '^listen' /etc/php/*/fpm/pool.d/",
          "grep -Rn 'fastcgi_pass' /etc/nginx/",
        ],
      },
      gunicorn: {
        checks: [
          'Is gunicorn running? It creates {socket} when it starts (--bind unix:{socket}) and removes it when it stops.',
          'Does the --bind path (or ListenStream of a gunicorn.socket unit) match proxy_pass exactly?',
          'Does the service run with PrivateTmp=true while the socket is under /tmp?',
        ],
        fix: [
          'Start gunicorn; if it exits at once, read its journal (an import error, a bad --bind, a missing directory).',
          'Let systemd own the socket (a gunicorn.socket unit) so it exists while gunicorn restarts.',
          'Align proxy_pass http://unix:{socket} with the --bind path, then nginx -t and reload.',
        ],
        commands: [
          'systemctl status gunicorn',
          'journalctl -u gunicorn --since "10 min ago"',
          'ls -l {socketDir}',
          "grep -RnE 'bind|ListenStream' /etc/systemd/system/gunicorn*",
        ],
      },
      uwsgi: {
        checks: [
          'Is uWSGI running? It creates {socket} when it starts.',
          'Does the socket option of the uWSGI app (vassal) match uwsgi_pass exactly?',
        ],
        commands: [
          'systemctl status uwsgi',
          'journalctl -u uwsgi --since "10 min ago"',
          'ls -l {socketDir}',
          "grep -Rn '^socket' /etc/uwsgi/",
        ],
      },
      node: {
        checks: [
          'Is the Node process running (pm2, systemd)? It creates {socket} when it calls listen() on it.',
        ],
        commands: ['pm2 status', 'pm2 logs --lines 50', 'ls -l {socketDir}'],
      },
      unix: {
        checks: [
          'Is the backend that owns {socket} running?',
          'Does the path in proxy_pass / fastcgi_pass / uwsgi_pass match the path the backend listens on exactly?',
          'Does systemd give the service a private /tmp (PrivateTmp=true) while the socket lives in /tmp?',
        ],
        commands: [
          'ls -l {socketDir}',
          "ss -xlp | grep '{socket}'",
          'systemctl list-units --type=service --state=failed',
          "grep -RnE 'fastcgi_pass|proxy_pass|uwsgi_pass' /etc/nginx/",
        ],
      },
    },
  },
  upstream_closed: {
    id: 'upstream_closed',
    group: 'restart',
    title: 'Backend closed the connection before answering',
    explanation:
      'The backend accepted the request and then closed the connection before sending a complete response header, ' +
      'so nginx answered 502. Typical causes: the worker process crashed or was killed (OOM, max-requests recycle, ' +
      'deploy), the backend dropped a kept-alive connection nginx was reusing, or a gRPC backend sent GOAWAY while ' +
      'shutting down.',
    checks: [
      'Did the backend log a crash, an OOM kill or a worker recycle at that second?',
      'Is the backend keep-alive timeout shorter than the time nginx keeps idle upstream connections (upstream keepalive_timeout)?',
      'Did a deploy stop the backend without draining in-flight requests?',
      'Does the request hit an endpoint that takes longer than the backend worker timeout (gunicorn --timeout)?',
    ],
    fix: [
      'Make the backend keep-alive timeout longer than nginx upstream keepalive_timeout (default 60s).',
      'Allow proxy_next_upstream to retry on error for idempotent requests.',
      'Raise the backend worker timeout or memory limit if workers are being killed mid-request.',
      'Drain before stopping: ELB deregistration delay, then SIGTERM with a graceful shutdown period.',
    ],
    commands: [
      'journalctl -u myapp.service --since "10 min ago"',
      "dmesg -T | grep -i 'killed process'",
      "grep -Rn 'keepalive' /etc/nginx/",
      'curl -sv -o /dev/null http://127.0.0.1:8000/health',
    ],
    variants: {
      'php-fpm': {
        checks: [
          'Did PHP-FPM kill the worker (request_terminate_timeout) or recycle it (pm.max_requests)?',
          'Does the FPM log show a worker that exited on a signal (a segfault in an extension)?',
        ],
        commands: [
          'tail -n 50 /var/log/php*-fpm.log',
          "grep -RE 'request_terminate_timeout|pm.max_requests' /etc/php/*/fpm/pool.d/",
        ],
      },
      gunicorn: {
        checks: [
          'Does the gunicorn log show WORKER TIMEOUT? A sync worker busy longer than --timeout (30s by default) is killed mid-request.',
          'Was a worker killed for memory, or recycled by --max-requests?',
        ],
        fix: [
          'Make the slow request faster, or raise --timeout above the longest legitimate request.',
          'Use more workers or threads (--workers, --threads) so one slow request does not block a worker.',
          'Drain before stopping: ELB deregistration delay, then SIGTERM with --graceful-timeout.',
        ],
        commands: [
          'journalctl -u gunicorn --since "10 min ago" | grep -E "WORKER TIMEOUT|Booting worker"',
          "dmesg -T | grep -i 'killed process'",
        ],
      },
      uwsgi: {
        checks: ['Did uWSGI kill the worker with harakiri, or recycle it (max-requests, reload-on-rss)?'],
        commands: [
          'journalctl -u uwsgi --since "10 min ago" | grep -iE "harakiri|respawn"',
          "grep -RnE 'harakiri|max-requests|reload-on-rss' /etc/uwsgi/",
        ],
      },
      node: {
        checks: [
          "Is Node's server.keepAliveTimeout (5s by default) shorter than nginx's upstream keepalive_timeout (60s)? Node then closes connections nginx still reuses.",
          'Did the process crash (an unhandled rejection) and restart?',
        ],
        fix: [
          'Set server.keepAliveTimeout (and headersTimeout) above nginx upstream keepalive_timeout, or lower keepalive_timeout in nginx.',
          'Allow proxy_next_upstream to retry on error for idempotent requests.',
        ],
        commands: ['pm2 logs --lines 100', "grep -Rn 'keepalive' /etc/nginx/"],
      },
    },
  },
  upstream_reset: {
    id: 'upstream_reset',
    group: 'restart',
    title: 'Backend reset the connection',
    explanation:
      'The connection to the backend was reset (ECONNRESET) or broke while nginx wrote to it (EPIPE, broken ' +
      'pipe) before the response header arrived, so nginx answered 502. The backend process died or was restarted, ' +
      'its listen backlog overflowed, or a firewall / NAT dropped an idle kept-alive connection.',
    checks: [
      'Did the backend restart or crash at that time?',
      'Are idle keep-alive connections to the backend closed by the backend or by a NAT / firewall before nginx reuses them?',
      'Does the backend reject large request bodies by closing the connection?',
    ],
    fix: [
      'Set the backend keep-alive timeout above nginx upstream keepalive_timeout, or lower keepalive_timeout.',
      'Enable proxy_next_upstream error for idempotent requests.',
      'Fix the crash in the backend; drain connections before restarts during deploys.',
    ],
    commands: [
      'journalctl -u myapp.service --since "10 min ago"',
      'ss -tan state established dport = :8000 | wc -l',
      'nstat -az TcpExtListenOverflows TcpExtListenDrops',
    ],
  },
  no_live_upstreams: {
    id: 'no_live_upstreams',
    group: 'restart',
    title: 'Every server in the upstream group is marked down',
    explanation:
      'All servers of the upstream{} group failed max_fails times within fail_timeout and nginx marked them ' +
      'unavailable, so it answered 502 without even trying a connection. It is a consequence: look at the ' +
      'errors just before it (refused, timed out, reset) for the real cause.',
    checks: [
      'Which error preceded it for each server of the group?',
      'Are max_fails / fail_timeout so strict that one slow request takes a server out?',
      'Is the group a single server (then any failure makes it "down" for fail_timeout)?',
    ],
    fix: [
      'Fix the underlying backend failure first.',
      'Tune max_fails and fail_timeout on the server lines; use max_fails=0 for a single-server group.',
      'Keep a backup server, or more than one backend, for rolling deploys.',
    ],
    commands: [
      "grep -Rn -A8 'upstream ' /etc/nginx/",
      "grep -E 'upstream server temporarily disabled|no live upstreams' /var/log/nginx/error.log | tail -n 20",
    ],
  },
  worker_crash: {
    id: 'worker_crash',
    group: 'restart',
    title: 'An nginx worker process crashed',
    explanation:
      'An nginx worker exited on a signal (11 segfault, 6 abort, 9 killed) or with a fatal code. The master ' +
      'starts a new one, but every request that worker was handling is lost: clients see a reset or an empty ' +
      'reply and no status is logged. It is grouped with restarts because the effect on clients is the same.',
    checks: [
      'Which signal: 9 usually means the OOM killer, 11 or 6 a bug in nginx or a third-party module.',
      'Was a module (Lua, ModSecurity, PageSpeed) recently upgraded?',
      'Does the kernel log show an OOM kill at that time?',
    ],
    fix: [
      'For signal 9: find what exhausts memory (proxy_buffers x connections, a leaking module) or add memory.',
      'For 11 / 6: upgrade nginx and its modules, enable core dumps (worker_rlimit_core, working_directory) and report the backtrace.',
    ],
    commands: ["dmesg -T | grep -iE 'nginx|killed process'", 'nginx -V', 'coredumpctl list nginx'],
  },
} as const satisfies Record<string, CauseInfo>;
