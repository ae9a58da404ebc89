import type { CauseInfo } from '../../model/index.ts';

/** Causes of the `capacity` group: timeouts and exhausted resources. */
export const CAPACITY_CAUSES = {
  upstream_timeout: {
    id: 'upstream_timeout',
    group: 'capacity',
    title: 'Backend too slow to answer',
    explanation:
      'nginx connected and sent the request, but the backend did not send the response header (or accept the ' +
      'request body) within proxy_read_timeout / proxy_send_timeout (60s by default), so it answered 504. The ' +
      'backend is overloaded, stuck on a slow dependency (database, external API), or the request is long by design.',
    checks: [
      'Which URLs time out, and how long do they take when called on the backend directly?',
      'Are backend workers all busy (thread or process pool exhausted, queue growing)?',
      'Is a dependency slow (database locks, an external API)?',
    ],
    fix: [
      'Fix the slow path or add backend capacity (more workers or instances).',
      'Raise proxy_read_timeout (fastcgi_read_timeout, uwsgi_read_timeout, grpc_read_timeout) only for the locations that need it.',
      'Move long jobs out of the request (queue plus polling) instead of raising timeouts everywhere.',
    ],
    commands: [
      'curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://127.0.0.1:8000/slow',
      "grep -Rn '_read_timeout\\|_send_timeout' /etc/nginx/",
      'top -b -n 1 | head -n 20',
    ],
    variants: {
      'php-fpm': {
        checks: [
          'Does the FPM log say "server reached pm.max_children"? Then every PHP worker was busy and requests queued.',
          'Which scripts are slow (the FPM slowlog, request_slowlog_timeout)?',
        ],
        fix: [
          'Raise pm.max_children if memory allows, or make the slow scripts faster.',
          'Raise fastcgi_read_timeout only for the locations that need it, with request_terminate_timeout to match.',
        ],
        commands: [
          'grep -i max_children /var/log/php*-fpm.log | tail -n 5',
          "grep -RE 'pm.max_children|request_terminate_timeout|request_slowlog_timeout' /etc/php/*/fpm/pool.d/",
          "grep -Rn 'fastcgi_read_timeout' /etc/nginx/",
        ],
      },
      gunicorn: {
        checks: [
          'Are all gunicorn workers busy? A sync worker serves one request at a time.',
          'Is a dependency (database, external API) slow for the views that time out?',
        ],
        fix: [
          'Add workers or threads (--workers, --threads), or async workers for I/O-bound views.',
          'Keep proxy_read_timeout and gunicorn --timeout consistent, raised only where needed.',
        ],
        commands: [
          'journalctl -u gunicorn --since "10 min ago"',
          'curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://{host}:{port}/',
          "grep -Rn 'proxy_read_timeout' /etc/nginx/",
        ],
      },
      uwsgi: {
        checks: [
          'Are all uWSGI processes busy (the listen queue full, "uWSGI listen queue of socket ... full")?',
        ],
        fix: [
          'Raise processes / threads, or make the slow views faster.',
          'Keep uwsgi_read_timeout and harakiri consistent, raised only where needed.',
        ],
        commands: [
          'journalctl -u uwsgi --since "10 min ago" | grep -i "listen queue"',
          "grep -Rn 'uwsgi_read_timeout' /etc/nginx/",
        ],
      },
      node: {
        checks: ['Is the event loop blocked (synchronous work, a CPU-heavy request) so every request waits?'],
        commands: ['pm2 monit', 'curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://{host}:{port}/'],
      },
      tcp: {
        commands: [
          'curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://{host}:{port}/',
          "grep -Rn '_read_timeout\\|_send_timeout' /etc/nginx/",
          'top -b -n 1 | head -n 20',
        ],
      },
    },
  },
  connect_timeout: {
    id: 'connect_timeout',
    group: 'capacity',
    title: 'Connecting to the backend timed out',
    explanation:
      'The TCP connection (or the TLS handshake) to the backend did not complete within proxy_connect_timeout ' +
      '(60s by default), so nginx answered 504. SYNs go unanswered: the host is overloaded or gone, a firewall ' +
      'or security group silently drops the packets, or the listen backlog is full.',
    checks: [
      'Does a plain TCP connect to the backend port succeed from the nginx host?',
      'Do security groups / NACLs allow the traffic (a DROP rule looks like a timeout, a REJECT like refused)?',
      'Is the backend accept queue overflowing (ListenOverflows)?',
    ],
    fix: [
      'Open the port in the backend security group or firewall.',
      'Add backend capacity or raise its listen backlog (net.core.somaxconn plus the app backlog setting).',
      'Lower proxy_connect_timeout (e.g. 5s) so proxy_next_upstream fails over quickly instead of waiting 60s.',
    ],
    commands: [
      'nc -vz -w 5 10.0.12.7 8080',
      'nstat -az TcpExtListenOverflows TcpExtListenDrops',
      'aws ec2 describe-security-groups --group-ids sg-0123456789abcdef0',
    ],
  },
  backend_overloaded: {
    id: 'backend_overloaded',
    group: 'capacity',
    title: 'Backend socket backlog full',
    explanation:
      'connect() to the backend unix socket failed with EAGAIN (11: Resource temporarily unavailable): on Linux ' +
      'this means the socket listen queue is full because every backend worker is busy. nginx answered 502.',
    checks: [
      'Are all PHP-FPM children busy (pm.max_children reached in the FPM log)?',
      'What is the FPM listen.backlog and net.core.somaxconn?',
      'Is a slow dependency holding workers?',
    ],
    fix: [
      'Raise pm.max_children (memory permitting) or add instances.',
      'Raise listen.backlog in the pool and net.core.somaxconn so short bursts queue instead of failing.',
      'Fix the slow requests that hold workers (FPM slowlog with request_slowlog_timeout).',
    ],
    commands: [
      'grep -i "max_children" /var/log/php8.2-fpm.log | tail -n 5',
      'sysctl net.core.somaxconn',
      'ss -xl | grep php',
    ],
  },
  port_exhaustion: {
    id: 'port_exhaustion',
    group: 'capacity',
    title: 'Out of local ports for backend connections',
    explanation:
      'connect() or bind() failed with EADDRNOTAVAIL (99: Cannot assign requested address): nginx has no free ' +
      'local port for a new connection to the backend, because thousands of closed connections sit in TIME_WAIT. ' +
      'This happens when every request opens a new upstream connection. Clients get 502.',
    checks: [
      'How many connections to the backend are in TIME_WAIT?',
      'Does the upstream group use keepalive (and proxy_http_version 1.1 with an empty Connection header)?',
      'What is net.ipv4.ip_local_port_range?',
    ],
    fix: [
      'Reuse connections: keepalive 32; in the upstream block, proxy_http_version 1.1; proxy_set_header Connection "";',
      'Widen net.ipv4.ip_local_port_range (e.g. 1024 65535) and enable net.ipv4.tcp_tw_reuse=1.',
      'Spread load over more backend addresses.',
    ],
    commands: [
      'ss -tan state time-wait | wc -l',
      'sysctl net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse',
      "grep -Rn 'keepalive\\|proxy_http_version' /etc/nginx/",
    ],
  },
  fd_exhaustion: {
    id: 'fd_exhaustion',
    group: 'capacity',
    title: 'nginx out of connections or file descriptors',
    explanation:
      'A worker hit its connection or file-descriptor limit: socket() or accept() failed with EMFILE (24: Too ' +
      'many open files), or worker_connections are not enough. Each proxied request uses two connections (client ' +
      'and backend). New backend connections fail with 500 and new clients are not accepted.',
    checks: [
      'worker_connections, worker_rlimit_nofile and the LimitNOFILE of the systemd unit.',
      'How many connections are open per worker now?',
      'Are slow backends holding connections open (look for timeouts at the same time)?',
    ],
    fix: [
      'Raise worker_connections and set worker_rlimit_nofile to at least twice that.',
      'Raise LimitNOFILE in a systemd drop-in for nginx.service, then restart nginx.',
      'Fix slow backends that make connections pile up; use upstream keepalive.',
    ],
    commands: [
      'cat /proc/$(cat /run/nginx.pid)/limits | grep "open files"',
      "grep -Rn 'worker_connections\\|worker_rlimit_nofile' /etc/nginx/",
      'systemctl edit nginx',
      'ss -s',
    ],
  },
} as const satisfies Record<string, CauseInfo>;
