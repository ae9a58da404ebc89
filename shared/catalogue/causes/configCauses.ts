import type { CauseInfo } from '../../model/index.ts';

/** Causes of the `config` group: wiring, permissions, names, certificates, protocol mismatches. */
export const CONFIG_CAUSES = {
  socket_permission: {
    id: 'socket_permission',
    group: 'config',
    title: 'nginx may not open the backend unix socket',
    explanation:
      'The socket file exists but the nginx worker user (www-data or nginx) has no write permission on it ' +
      '(EACCES), so nginx answered 502. The backend created the socket with an owner or mode that excludes nginx, ' +
      'or a parent directory is not searchable.',
    checks: [
      'Owner, group and mode of the socket file and of every directory above it.',
      'Which user the nginx workers run as (the user directive).',
      'listen.owner, listen.group and listen.mode in the PHP-FPM pool (or --chmod-socket for uWSGI).',
    ],
    fix: [
      'In the FPM pool set listen.owner = www-data, listen.group = www-data, listen.mode = 0660 and restart FPM.',
      'For uWSGI use chmod-socket = 660 and chown-socket; for gunicorn set --umask or the socket directory group.',
      'Add the nginx user to the socket group instead of making the socket world-writable.',
    ],
    commands: [
      'ls -l /run/php/',
      'namei -l /run/php/php8.2-fpm.sock',
      'ps -o user= -C nginx | sort | uniq -c',
      "grep -E '^listen\\.(owner|group|mode)' /etc/php/*/fpm/pool.d/www.conf",
    ],
    variants: {
      'php-fpm': {
        commands: [
          'namei -l {socket}',
          'ps -o user= -C nginx | sort | uniq -c',
          "grep -E '^listen\\.(owner|group|mode)' /etc/php/*/fpm/pool.d/*.conf",
        ],
      },
      gunicorn: {
        fix: [
          'Run gunicorn with a group nginx belongs to and --umask 007 (socket mode 0660), or let a gunicorn.socket unit set SocketUser/SocketGroup/SocketMode.',
          'Add the nginx user to the socket group instead of making the socket world-writable.',
        ],
        commands: [
          'namei -l {socket}',
          'ps -o user= -C nginx | sort | uniq -c',
          'systemctl cat gunicorn.socket gunicorn',
        ],
      },
      uwsgi: {
        fix: [
          'Set chmod-socket = 660 and chown-socket = <app user>:<nginx group> in the uWSGI app config, then restart it.',
          'Add the nginx user to the socket group instead of making the socket world-writable.',
        ],
        commands: [
          'namei -l {socket}',
          'ps -o user= -C nginx | sort | uniq -c',
          "grep -Rn 'chmod-socket\\|chown-socket' /etc/uwsgi/",
        ],
      },
      unix: {
        commands: ['namei -l {socket}', 'ps -o user= -C nginx | sort | uniq -c'],
      },
    },
  },
  selinux_denied: {
    id: 'selinux_denied',
    group: 'config',
    title: 'SELinux blocked nginx from connecting to the backend',
    explanation:
      'A TCP connect() from nginx failed with EACCES (13: Permission denied). Plain file permissions do not ' +
      'apply to TCP, so on RHEL, CentOS, Amazon Linux and Fedora this is SELinux denying the httpd_t domain ' +
      'network connections. The client got 502.',
    checks: [
      'Is SELinux enforcing (getenforce)?',
      'Does the audit log show an AVC denial for nginx name_connect at that time?',
      'Is the backend port a labelled http port (semanage port -l)?',
    ],
    fix: [
      'Allow nginx to make network connections: setsebool -P httpd_can_network_connect 1.',
      'Or label only the backend port: semanage port -a -t http_port_t -p tcp 8000.',
      'Do not disable SELinux to fix it.',
    ],
    commands: [
      'getenforce',
      'ausearch -m avc -ts recent',
      'setsebool -P httpd_can_network_connect 1',
      'semanage port -l | grep http_port_t',
    ],
  },
  upstream_unreachable: {
    id: 'upstream_unreachable',
    group: 'config',
    title: 'Backend host unreachable on the network',
    explanation:
      'The connection never reached a listening backend: no route to host (113), network unreachable (101), ' +
      'or the kernel gave up on an unanswered connection (110). nginx answered 502. The host is down, its IP ' +
      'changed, or a security group, network ACL or host firewall drops the traffic.',
    checks: [
      'Is the backend instance or container running, and is its IP still the one nginx uses?',
      'Do the security group / NACL / iptables rules allow nginx to reach that port?',
      'Did an autoscaling event replace the instance while nginx still holds the old IP (resolved at startup)?',
    ],
    fix: [
      'Allow the port in the backend security group from the nginx instances (reference the nginx security group).',
      'Resolve names at run time: resolver plus a variable in proxy_pass, or upstream server ... resolve.',
      'Point nginx at a stable target (an internal load balancer or service discovery name).',
    ],
    commands: [
      'nc -vz -w 3 10.0.12.7 8080',
      'ip route get 10.0.12.7',
      'aws ec2 describe-security-groups --group-ids sg-0123456789abcdef0',
      'iptables -S | head -n 50',
    ],
  },
  dns_failure: {
    id: 'dns_failure',
    group: 'config',
    title: 'Backend name could not be resolved',
    explanation:
      'nginx could not turn the backend host name into an address: the resolver answered "Host not found" or ' +
      'timed out, no resolver is configured for a proxy_pass that uses variables, or (at start or reload) the ' +
      'name in an upstream server line does not resolve. Requests get 502; a config-time failure stops nginx ' +
      'from starting or reloading.',
    checks: [
      'Does the name resolve from the nginx host (dig)?',
      'Is a resolver directive set where proxy_pass uses variables, and does that resolver answer?',
      'In containers: is the resolver the platform DNS (127.0.0.11 in Docker, the VPC resolver at .2 on AWS)?',
    ],
    fix: [
      'Add resolver <dns ip> valid=30s; and resolver_timeout where proxy_pass contains variables.',
      'On AWS use the VPC resolver (169.254.169.253 or the VPC base +2 address).',
      'Fix the name or create the DNS record; for config-time failures nginx must resolve it when it starts.',
    ],
    commands: [
      'dig +short backend.internal',
      'resolvectl status',
      "grep -Rn 'resolver' /etc/nginx/",
      'nginx -t',
    ],
  },
  upstream_tls: {
    id: 'upstream_tls',
    group: 'config',
    title: 'TLS to the backend failed',
    explanation:
      'nginx could not complete or verify a TLS session with the backend: the handshake failed (often https:// ' +
      'to a plain-HTTP port, "wrong version number"), the certificate did not verify against ' +
      'proxy_ssl_trusted_certificate, or its name did not match. The client got 502.',
    checks: [
      'Does the backend really speak TLS on that port?',
      'Does the backend need SNI (proxy_ssl_server_name on) to pick the right certificate?',
      'Is the name nginx verifies (proxy_ssl_name, default the proxy_pass host) in the certificate?',
      'Do protocol and cipher lists overlap (proxy_ssl_protocols)?',
    ],
    fix: [
      'Use http:// for plain backends, https:// only for TLS ones.',
      'Set proxy_ssl_server_name on; and proxy_ssl_name to the certificate name when proxy_pass uses an IP or group name.',
      'Point proxy_ssl_trusted_certificate at the CA that signed the backend certificate; renew expired certificates.',
    ],
    commands: [
      'openssl s_client -connect 10.0.12.7:8443 -servername api.internal </dev/null',
      "grep -Rn 'proxy_ssl' /etc/nginx/",
      'curl -v https://api.internal:8443/ --resolve api.internal:8443:10.0.12.7',
    ],
  },
  header_too_big: {
    id: 'header_too_big',
    group: 'config',
    title: 'Backend response header larger than nginx buffer',
    explanation:
      'The backend response header (usually large Set-Cookie or auth headers) did not fit in proxy_buffer_size ' +
      '(fastcgi_buffer_size, uwsgi_buffer_size, ...), one memory page by default, so nginx answered 502.',
    checks: [
      'How large are the response headers (curl -sI against the backend)?',
      'Which cookies or headers grew (sessions, JWTs, Link headers)?',
    ],
    fix: [
      'Raise proxy_buffer_size (e.g. 16k or 32k) and proxy_buffers accordingly; for PHP fastcgi_buffer_size and fastcgi_buffers.',
      'Keep proxy_busy_buffers_size at least as large as proxy_buffer_size.',
      'Better: shrink what the application puts in headers.',
    ],
    commands: [
      'curl -s -o /dev/null -D - http://127.0.0.1:8000/ | wc -c',
      "grep -Rn '_buffer_size\\|_buffers' /etc/nginx/",
      'nginx -t && systemctl reload nginx',
    ],
  },
  invalid_response: {
    id: 'invalid_response',
    group: 'config',
    title: 'Backend sent a response nginx cannot parse',
    explanation:
      'The backend answered with something that is not a valid response for the protocol nginx speaks to it: ' +
      'a malformed header or status, a broken chunked body, Content-Length together with Transfer-Encoding, ' +
      'HTTP sent to fastcgi_pass (FastCGI version 72 is the "H" of "HTTP"), a gRPC/HTTP2 framing error, or a ' +
      'bad memcached reply. Before the header was complete the client got 502; during the body the response ' +
      'was cut off.',
    checks: [
      'Does the pass directive match the protocol of the backend (proxy_pass for HTTP, fastcgi_pass for PHP-FPM, grpc_pass for gRPC)?',
      'Does the application build headers by hand (duplicate Transfer-Encoding, bad characters, invalid status)?',
      'Is there a proxy or library between nginx and the app that rewrites framing?',
    ],
    fix: [
      'Use the pass directive that matches the backend protocol.',
      'Fix the application or framework so it emits one Content-Length or chunked encoding, and valid header names.',
      'For gRPC use grpc_pass grpc:// (or grpcs://) and HTTP/2 on the backend.',
    ],
    commands: [
      'curl -sv --raw http://127.0.0.1:8000/path -o /dev/null',
      'printf "GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n" | nc 127.0.0.1 8000 | head -n 20',
      "grep -Rn '_pass ' /etc/nginx/",
    ],
  },
  bind_failed: {
    id: 'bind_failed',
    group: 'config',
    title: 'nginx could not bind its listening port',
    explanation:
      'At start or reload nginx could not bind a listen address: the port is in use by another process or an ' +
      'old nginx (98), nginx runs without root for a port below 1024 (13), or the address is not on this host ' +
      '(99). nginx does not start (or keeps the old config), so nothing answers on that port.',
    checks: [
      'Which process already holds the port?',
      'Is a second nginx (or apache, or a container publishing the port) running?',
      'Is nginx started as root (or with CAP_NET_BIND_SERVICE)?',
    ],
    fix: [
      'Stop the process holding the port, or change the listen directive.',
      'Start nginx through systemd as root; workers drop privileges through the user directive.',
      'For an address not yet on the host, set net.ipv4.ip_nonlocal_bind=1 or listen on 0.0.0.0.',
    ],
    commands: ["ss -ltnp 'sport = :80'", 'systemctl status nginx', 'nginx -t'],
  },
  pid_permission: {
    id: 'pid_permission',
    group: 'config',
    title: 'nginx runs without the privileges it needs',
    explanation:
      'nginx could not write its pid file or open its logs (13: Permission denied), or ignored the user ' +
      'directive: it was started as an unprivileged user instead of root. It then fails to start or to receive ' +
      'signals (nginx -s reload), which breaks deploys that reload it.',
    checks: [
      'Who started nginx (systemd as root, or a user shell)?',
      'Does the pid directory (/run) exist and is it writable by the master?',
      'Does the pid path in nginx.conf match PIDFile in the systemd unit?',
    ],
    fix: [
      'Manage nginx only through systemctl (sudo systemctl start|reload nginx).',
      'If it must run unprivileged, point pid and the logs at paths that user owns and listen on ports above 1024.',
    ],
    commands: ['systemctl status nginx', 'ls -ld /run /run/nginx.pid', 'ps -o user,pid,cmd -C nginx'],
  },
  config_invalid: {
    id: 'config_invalid',
    group: 'config',
    title: 'Invalid nginx configuration',
    explanation:
      'nginx rejected its configuration (an [emerg] at start or reload: unknown directive, invalid URL prefix in ' +
      'proxy_pass, bad parameter) or hit a configuration error while serving (a variable proxy_pass without a ' +
      'scheme, a rewrite loop). A rejected reload keeps the old config running; a rejected start leaves nothing running.',
    checks: [
      'nginx -t output and the file:line it names.',
      'Was the config changed by the deploy that preceded the error?',
      'Is the directive provided by a module that is not loaded?',
    ],
    fix: [
      'Fix the directive at the reported file and line; proxy_pass needs a scheme (http://, https://, grpc:// ...).',
      'Always run nginx -t before reloading, and make deploys fail when it fails.',
    ],
    commands: ['nginx -t', 'nginx -T | less', 'systemctl reload nginx'],
  },
} as const satisfies Record<string, CauseInfo>;
