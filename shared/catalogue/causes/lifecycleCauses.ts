import type { CauseInfo } from '../../model/index.ts';

/** Causes of the `lifecycle` group: nginx itself starting, reloading and stopping. */
export const LIFECYCLE_CAUSES = {
  nginx_start: {
    id: 'nginx_start',
    group: 'lifecycle',
    title: 'nginx started',
    explanation:
      'nginx started its master and worker processes (boot, systemctl start or restart, a new instance in an ' +
      'autoscaling group). Errors right after a start often come from backends that are not up yet.',
    checks: [
      'Was the start planned (deploy, scaling, reboot)?',
      'Did backends start before nginx took traffic?',
    ],
    fix: [
      'Order services (After= / Wants= in systemd) and gate traffic on a health check that covers the backend.',
    ],
    commands: ['systemctl status nginx', 'journalctl -u nginx --since "1 hour ago"'],
  },
  nginx_reload: {
    id: 'nginx_reload',
    group: 'lifecycle',
    title: 'nginx reloaded its configuration',
    explanation:
      'The master received SIGHUP (nginx -s reload, systemctl reload) and started workers with the new ' +
      'configuration while old workers finish their requests; or it received SIGUSR1 to reopen its logs ' +
      '(logrotate). A reload usually marks a deploy or a certificate renewal.',
    checks: ['Which change triggered it?', 'Did nginx -t pass before the reload?'],
    fix: ['None needed when planned. Make deploys run nginx -t before reloading.'],
    commands: ['nginx -t', 'journalctl -u nginx --since "1 hour ago"'],
  },
  nginx_config_test: {
    id: 'nginx_config_test',
    group: 'lifecycle',
    title: 'nginx configuration test passed',
    explanation:
      'nginx -t (run by hand, by a deploy script or by systemd before a start) printed "syntax is ok" / "test is ' +
      'successful" on its stderr. It does not start or reload anything by itself; a failed test is counted as ' +
      'config_invalid instead.',
    checks: ['Was a reload or restart expected right after the test?'],
    fix: ['None needed.'],
    commands: ['nginx -t', 'journalctl -u nginx --since "1 hour ago"'],
  },
  nginx_stop: {
    id: 'nginx_stop',
    group: 'lifecycle',
    title: 'nginx or one of its processes stopped',
    explanation:
      'nginx (or, after a reload, an old worker) shut down: SIGTERM / SIGINT stop it at once, SIGQUIT lets ' +
      'requests finish. On an instance being terminated or taken out of service this is expected; anywhere else ' +
      'clients lose this server.',
    checks: [
      'Was the instance being terminated or deregistered (autoscaling, deploy)?',
      'Did the load balancer stop sending traffic before nginx stopped?',
    ],
    fix: [
      'Stop with SIGQUIT (nginx -s quit) after the load balancer deregistration delay so in-flight requests finish.',
    ],
    commands: ['systemctl status nginx', 'last -x | head'],
  },
} as const satisfies Record<string, CauseInfo>;
