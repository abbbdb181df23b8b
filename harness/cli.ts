// `npm run dev:web`: the popup in an ordinary browser, wired to the real core over the web
// harness, against the local AWS emulator (unless AWS_ENDPOINT_URL_SSO_OIDC points elsewhere).
// Runs until Ctrl-C.
import { browse } from '../devkit/fake-aws/index';
import { numberFlag, parseFlags } from '../devkit/cli-args';
import { printableOpenedUrl } from './printable-url';
import { startHarness, type Harness } from './server';

const USAGE = `usage: npm run dev:web -- [--port N] [--home DIR] [--accounts N] [--roles N] [--auto-approve] [--built] [--locale ja-JP]
  --home DIR      HOME for Latchkey (credentials, config, token cache); default a new temp dir
  --built         serve the built out/renderer (npm run build) instead of compiling src/renderer live
  --auto-approve  sign-ins at the emulator are approved without a click`;

const number = (name: string, value: string | undefined) => numberFlag(name, value, USAGE);

async function main(): Promise<void> {
  // The SDK's notice about future Node versions is noise here (the bench silences it too).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const values = parseFlags(
    {
      port: { type: 'string' },
      home: { type: 'string' },
      accounts: { type: 'string' },
      roles: { type: 'string' },
      locale: { type: 'string' },
      built: { type: 'boolean' },
      'auto-approve': { type: 'boolean' },
    },
    USAGE,
  );

  // Only the endpoint variables come from this shell: the rest of its AWS set-up stays out.
  const endpointEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('AWS_ENDPOINT_URL') || k === 'LATCHKEY_FEDERATION_ENDPOINT'));
  const autoApprove = values['auto-approve'] ?? false;
  const harness: Harness = await startHarness({
    port: number('port', values.port),
    home: values.home,
    env: endpointEnv,
    renderer: values.built ? 'built' : 'vite',
    locale: values.locale,
    fake: {
      accounts: number('accounts', values.accounts) ?? 25,
      rolesPerAccount: number('roles', values.roles) ?? 3,
      autoApprove,
      deviceInterval: 1,
    },
    onOpenExternal: (url) => {
      console.log(`\n→ the app opens in your browser:\n  ${printableOpenedUrl(url)}\n`);
      // --auto-approve: play the person's browser on the emulator's sign-in pages (not on
      // console URLs, which lead on to AWS).
      const fake = harness.fake; // the app opens URLs only after the harness has started
      if (autoApprove && fake && url.startsWith(fake.url) && /^\/(authorize|device)\b/.test(new URL(url).pathname)) {
        void browse(url, 'approve').catch((err: unknown) => console.error(`auto-approve failed: ${(err as Error).message}`));
      }
    },
  });

  const lines = [`Latchkey web harness: open ${harness.pageUrl}`, '', `HOME for Latchkey: ${harness.home}`];
  if (harness.fake) {
    const fake = harness.fake;
    lines.push(
      `AWS emulator: ${fake.url} (${fake.accounts.length} accounts)`,
      '',
      'Sign in with:',
      `  Start URL  ${fake.startUrl}`,
      `  Region     ${fake.region}`,
      '',
      autoApprove
        ? 'Sign-ins are approved by themselves (browser sign-in at once; device code when you click "Open verification page").'
        : [
            'Approving the sign-in: the harness prints each URL the app opens; open it and click Approve.',
            `For a device code you can also run: curl -X POST ${fake.url}/_fake/approve`,
          ].join('\n'),
    );
  } else {
    lines.push('Using the endpoints from AWS_ENDPOINT_URL_* in this shell (no emulator started).');
  }
  console.log(lines.join('\n'));

  const stop = () => {
    void harness.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err: unknown) => {
  console.error(`dev:web: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
