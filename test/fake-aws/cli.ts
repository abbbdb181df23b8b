// `npm run fake`: a local AWS (SSO-OIDC, portal, console federation, STS) with a generated
// organisation, so anyone can run Latchkey without an AWS account. Runs until Ctrl-C.
import { parseArgs } from 'node:util';
import { startFakeAws } from './index';

const USAGE = `usage: npm run fake -- [--port N] [--accounts N] [--roles N] [--rate N] [--latency MS] [--auto-approve] [--seed N]`;

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        accounts: { type: 'string' },
        roles: { type: 'string' },
        rate: { type: 'string' },
        latency: { type: 'string' },
        seed: { type: 'string' },
        'auto-approve': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const fake = await startFakeAws({
    port: numberFlag('port', values.port),
    accounts: numberFlag('accounts', values.accounts),
    rolesPerAccount: numberFlag('roles', values.roles),
    portalRateLimit: numberFlag('rate', values.rate),
    latencyMs: numberFlag('latency', values.latency),
    seed: numberFlag('seed', values.seed),
    autoApprove: values['auto-approve'] ?? false,
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
    ].join('\n'),
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
