// `npm run fake`: a local AWS (SSO-OIDC, portal, console federation, STS) with a generated
// organisation, so anyone can run Latchkey without an AWS account. Runs until Ctrl-C.
import { numberFlag, parseFlags } from '../cli-args';
import { startFakeAws, type FakeAwsOptions, type FakeIamUser, type RetryAfterMode } from './index';
import { iamUserSnippets, parseIamUserFlag, parseRoleArnFlag, usersAccountId } from './iam-users';

const USAGE =
  `usage: npm run fake -- [--port N] [--accounts N] [--roles N] [--rate N] [--burst N] [--credentials-rate N] [--credentials-burst N]\n` +
  `                       [--retry-after never|always|alternate] [--failure-rate F] [--latency MS] [--auto-approve] [--seed N]\n` +
  `                       [--iam-user NAME[:MFA_CODE]]... [--role-requiring-mfa ARN]...`;

const RETRY_AFTER_MODES: RetryAfterMode[] = ['never', 'always', 'alternate'];

/** The throttle flags, checked together: a burst or a credentials burst needs its rate. */
function throttleOptions(values: Record<string, string | boolean | string[] | undefined>): Partial<FakeAwsOptions> {
  const flag = (name: string) => number(name, values[name] as string | undefined);
  const rate = flag('rate');
  const burst = flag('burst');
  const credentialsRate = flag('credentials-rate');
  const credentialsBurst = flag('credentials-burst');
  const failureRate = flag('failure-rate');
  const retryAfter = values['retry-after'] as string | undefined;
  const usageError = (message: string): never => {
    console.error(`${message}\n${USAGE}`);
    process.exit(2);
  };
  if (burst !== undefined && (rate === undefined || burst < 1)) usageError('--burst needs --rate, and is at least 1');
  if (credentialsBurst !== undefined && (credentialsRate === undefined || credentialsBurst < 1))
    usageError('--credentials-burst needs --credentials-rate, and is at least 1');
  if (failureRate !== undefined && failureRate > 1) usageError('--failure-rate is a fraction from 0 to 1');
  if (retryAfter !== undefined && !RETRY_AFTER_MODES.includes(retryAfter as RetryAfterMode))
    usageError(`--retry-after is one of ${RETRY_AFTER_MODES.join(', ')}`);
  return {
    portalRateLimit: rate,
    portalBurst: burst,
    ...(credentialsRate !== undefined
      ? { portalOperationLimits: { GetRoleCredentials: { rate: credentialsRate, ...(credentialsBurst !== undefined ? { burst: credentialsBurst } : {}) } } }
      : {}),
    portalFailureRate: failureRate,
    ...(retryAfter !== undefined ? { portalRetryAfter: retryAfter as RetryAfterMode } : {}),
  };
}

const number = (name: string, value: string | undefined) => numberFlag(name, value, USAGE, true);

function describeThrottle(t: Partial<FakeAwsOptions>): string[] {
  const limit = (rate: number, burst: number | undefined) => `${rate} req/s${burst !== undefined ? ` in bursts of ${burst}` : ''}`;
  const lines: string[] = [];
  if (t.portalRateLimit !== undefined)
    lines.push(`portal throttled at ${limit(t.portalRateLimit, t.portalBurst)}${t.portalOperationLimits ? ' (listings)' : ''}`);
  const creds = t.portalOperationLimits?.GetRoleCredentials;
  if (creds) lines.push(`GetRoleCredentials throttled apart at ${limit(creds.rate, creds.burst)}`);
  if (lines.length && t.portalRetryAfter && t.portalRetryAfter !== 'never') lines.push(`429s carry Retry-After: ${t.portalRetryAfter}`);
  if (t.portalFailureRate) lines.push(`${Math.round(t.portalFailureRate * 100)}% of portal calls fail with 500`);
  return lines;
}

async function main(): Promise<void> {
  const values = parseFlags(
    {
      port: { type: 'string' },
      accounts: { type: 'string' },
      roles: { type: 'string' },
      rate: { type: 'string' },
      burst: { type: 'string' },
      'credentials-rate': { type: 'string' },
      'credentials-burst': { type: 'string' },
      'retry-after': { type: 'string' },
      'failure-rate': { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      'auto-approve': { type: 'boolean' },
      'iam-user': { type: 'string', multiple: true },
      'role-requiring-mfa': { type: 'string', multiple: true },
    },
    USAGE,
  );
  // IAM users live in the organisation's first account, as the emulator's own default does.
  const accountId = usersAccountId(number('accounts', values.accounts), number('roles', values.roles), number('seed', values.seed));
  const iamUsers: FakeIamUser[] = (values['iam-user'] ?? []).map((flag) => parseIamUserFlag(flag, accountId, USAGE));
  const rolesRequiringMfa = (values['role-requiring-mfa'] ?? []).map((arn) => parseRoleArnFlag(arn, USAGE));
  const throttle = throttleOptions(values);
  const fake = await startFakeAws({
    port: number('port', values.port),
    accounts: number('accounts', values.accounts),
    rolesPerAccount: number('roles', values.roles),
    ...throttle,
    latencyMs: number('latency', values.latency),
    seed: number('seed', values.seed),
    autoApprove: values['auto-approve'] ?? false,
    iamUsers,
    rolesRequiringMfa,
  });
  const exports = Object.entries(fake.env).map(([k, v]) => `export ${k}=${v}`);
  console.log(
    [
      `fake AWS listening on ${fake.url} (${fake.accounts.length} accounts, start URL ${fake.startUrl})`,
      ...describeThrottle(throttle),
      '',
      '# in the shell that runs latchkey:',
      ...exports,
      '',
      '# then sign in:',
      `latchkey login --start-url ${fake.startUrl} --region ${fake.region}`,
      '',
      `# control: curl -X POST ${fake.url}/_fake/approve   (approves pending device codes)`,
      `#          curl ${fake.url}/_fake/stats`,
      ...(iamUsers.length
        ? ['', ...iamUserSnippets(iamUsers, rolesRequiringMfa[0] ?? `arn:aws:iam::${accountId}:role/${fake.accounts[0]?.roles[0] ?? 'Admin'}`, fake.region)]
        : []),
    ].join('\n'),
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
