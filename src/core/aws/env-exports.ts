import type { RoleCredentials } from '../types';

// Credentials as shell lines to paste into a terminal ("copy as environment variables").

export type ShellKind = 'posix' | 'powershell' | 'cmd';

export function formatEnvExports(creds: RoleCredentials, shell: ShellKind = 'posix', region?: string): string {
  const vars: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_SESSION_TOKEN', creds.sessionToken],
  ];
  if (region) vars.push(['AWS_REGION', region]);
  const line = ([name, value]: [string, string]) => {
    switch (shell) {
      case 'powershell':
        return `$Env:${name}="${value}"`;
      case 'cmd':
        return `set ${name}=${value}`;
      default:
        return `export ${name}=${quotePosix(value)}`;
    }
  };
  return vars.map(line).join('\n') + '\n';
}

/** Single quotes keep every character literal in sh, bash and zsh. */
function quotePosix(value: string): string {
  return /^[A-Za-z0-9_/+=.:-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
