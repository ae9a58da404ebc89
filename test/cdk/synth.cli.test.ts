import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const outdir = mkdtempSync(join(tmpdir(), 'upstream-triage-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// No AWS account here: keep the CLI from probing for credentials and phoning home.
const env = {
  ...process.env,
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_PROFILE: '',
  CI: 'true',
};

function cdk(args: string[]) {
  return spawnSync('npx', ['cdk', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
}

describe('npx cdk synth (the command users run)', () => {
  it('synthesizes with realistic context, cdk-nag clean, and refuses a wrong value naming it', () => {
    const ok = cdk([
      'synth',
      '-q',
      '-o',
      outdir,
      '-c',
      'logGroups=/ec2/nginx/error,/aws/elasticbeanstalk/prod/var/log/nginx/error.log',
      '-c',
      'alertEmails=ops@example.com',
    ]);
    expect(ok.status, `${ok.stdout}\n${ok.stderr}`).toBe(0);
    const templatePath = join(outdir, 'UpstreamTriage.template.json');
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8'));
    const filters = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::Logs::SubscriptionFilter',
    );
    expect(filters).toHaveLength(2);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);

    // The app itself (no CLI round trip needed) exits 1 with the problem named.
    const bad = spawnSync('npx', ['tsx', 'cdk/app.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        CDK_CONTEXT_JSON: JSON.stringify({ logGroups: '/ok', alertEmails: 'nope', logRetentionDays: 42 }),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("alertEmails: 'nope' is not an e-mail address");
    expect(bad.stderr).toContain('logRetentionDays: 42 is not a CloudWatch Logs retention');
  }, 400_000);

  it('runs without deploy context where no template is needed: cdk ls lists the stack', () => {
    // cdk bootstrap and cdk destroy load the app the same way (they need an AWS account to go further);
    // that synth, diff and deploy stop with a message is checked on the app itself (modes.test.ts).
    const empty = mkdtempSync(join(tmpdir(), 'upstream-triage-nocontext-'));
    try {
      const ls = cdk(['ls', '-o', empty]);
      expect(ls.status, `${ls.stdout}\n${ls.stderr}`).toBe(0);
      expect(ls.stdout.trim()).toBe('UpstreamTriage');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 400_000);
});
