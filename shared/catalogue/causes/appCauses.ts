import type { CauseInfo } from '../../model/index.ts';

/** Causes of the `app` group: the application itself reported the failure. */
export const APP_CAUSES = {
  fastcgi_stderr: {
    id: 'fastcgi_stderr',
    group: 'app',
    title: 'The FastCGI application reported an error',
    explanation:
      'nginx relays what PHP-FPM (or another FastCGI app) wrote to stderr. A PHP fatal error usually means the ' +
      'client got 500; "Primary script unknown" means PHP-FPM could not find the script nginx named in ' +
      'SCRIPT_FILENAME and answered 404 "File not found."; "Access to the script ... has been denied" is a 403 ' +
      'from security.limit_extensions. Warnings and notices do not change the status.',
    checks: [
      'The PHP message itself: fatal error, memory exhausted, maximum execution time, uncaught exception.',
      'For "Primary script unknown": does SCRIPT_FILENAME ($document_root$fastcgi_script_name) exist inside the FPM host or container?',
      'Can the FPM user read the script and every directory above it?',
    ],
    fix: [
      'Fix the application error shown in the message (or raise memory_limit / max_execution_time deliberately).',
      'For "Primary script unknown": set fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name; with the right root, and use the same path in the FPM container.',
      'Keep try_files $uri =404; in PHP locations so missing scripts never reach FPM.',
    ],
    commands: [
      'tail -n 50 /var/log/php8.2-fpm.log',
      "grep -Rn 'SCRIPT_FILENAME\\|root ' /etc/nginx/",
      'namei -l /var/www/html/index.php',
    ],
  },
} as const satisfies Record<string, CauseInfo>;
