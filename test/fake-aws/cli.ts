// `npm run fake`: a local AWS (SSO-OIDC, portal, console federation, STS) with a generated
// organisation, so anyone can run Latchkey without an AWS account. Runs until Ctrl-C.
import { numberFlag, parseFlags } from '../helpers/cli-args';
import { startFakeAws, type FakeIamUser } from './index';
import { iamUserSnippets, parseIamUserFlag, parseRoleArnFlag, usersAccountId } from './iam-users';

const USAGE =
  `usage: npm run fake -- [--port N] [--accounts N] [--roles N] [--rate N] [--latency MS] [--auto-approve] [--seed N]\n` +
  `                       [--iam-user NAME[:MFA_CODE]]... [--role-requiring-mfa ARN]...`;

const number = (name: string, value: string | undefined) => numberFlag(name, value, USAGE, true);

async function main(): Promise<void> {
  const values = parseFlags(
    {
      port: { type: 'string' },
      accounts: { type: 'string' },
      roles: { type: 'string' },
      rate: { type: 'string' },
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
  const fake = await startFakeAws({
    port: number('port', values.port),
    accounts: number('accounts', values.accounts),
    rolesPerAccount: number('roles', values.roles),
    portalRateLimit: number('rate', values.rate),
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
      '',
      '# in the shell that runs latchkey:',
      ...exports,
      '',
      '# then sign in:',
      `latchkey login --start-url ${fake.startUrl} --region ${fake.region}`,
      '',
      `# control: curl -X POST ${fake.url}/_fake/approve   (approves pending device codes)`,
      `#          curl ${fake.url}/_fake/stats`,
      ...(iamUsers.length ? ['', ...iamUserSnippets(iamUsers, rolesRequiringMfa[0] ?? `arn:aws:iam::${accountId}:role/${fake.accounts[0]?.roles[0] ?? 'Admin'}`, fake.region)] : []),
    ].join('\n'),
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
