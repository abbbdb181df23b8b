import { COMMAND_HELP, MAIN_HELP, VERSION_TEXT } from './usage';
import { processIo, reportError, type CliIo } from './io';
import { exitWhenSettled } from './exit-guard';

declare const __LATCHKEY_VERSION__: string | undefined;
const version = typeof __LATCHKEY_VERSION__ === 'string' ? __LATCHKEY_VERSION__ : '0.0.0-dev';

export type CommandRun = (argv: string[], io: CliIo) => Promise<number>;

// Each command is loaded only when it runs, so `credential-process` with cached credentials
// starts without parsing the AWS SDK.
const COMMANDS: Record<string, () => Promise<{ run: CommandRun }>> = {
  login: () => import('./commands/login'),
  logout: () => import('./commands/logout'),
  sessions: () => import('./commands/sessions'),
  roles: () => import('./commands/roles'),
  use: () => import('./commands/use'),
  unuse: () => import('./commands/unuse'),
  console: () => import('./commands/console'),
  'credential-process': () => import('./commands/credential-process'),
  env: () => import('./commands/env'),
  exec: () => import('./commands/exec'),
  serve: () => import('./commands/serve'),
  status: () => import('./commands/status'),
  export: () => import('./commands/export'),
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(VERSION_TEXT(version));
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    io.stderr(`latchkey: unknown command "${command}". Run "latchkey --help" for the list.\n`);
    return 2;
  }
  // Only Latchkey's own arguments: `exec ROLE -- ls -h` runs `ls -h`.
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) {
    io.stdout(COMMAND_HELP[command] ?? MAIN_HELP);
    return 0;
  }
  try {
    const mod = await load();
    return await mod.run(rest, io);
  } catch (err) {
    return reportError(io, err);
  }
}

// Run when executed as the command (not when imported by tests).
if (typeof __LATCHKEY_VERSION__ === 'string') {
  // The SDK's multi-line notice about future Node versions would break the one-line error
  // contract and pollute credential_process output; LATCHKEY_DEBUG=1 keeps it.
  if (!process.env.LATCHKEY_DEBUG) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const io = processIo();
  exitWhenSettled(
    main(process.argv.slice(2), io).catch((err: unknown) => reportError(io, err)),
    io.stderr,
  );
}
