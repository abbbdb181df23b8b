import { parseCommandArgs, stringOption } from '../args';
import { cliContext, type CliIo } from '../io';
import { formatDuration, formatTime } from '../time-text';
import { awsPaths } from '../../core/aws/paths';
import type { PortalSignOut } from '../../core/sso/sso-auth';
import { createLatchkey } from '../../core/sessions/latchkey';
import type { ActiveProfile } from '../../core/sessions/state-store';

const PORTAL: Record<PortalSignOut, string> = {
  ended: 'the sign-in ended at AWS',
  refused: 'AWS had already ended the sign-in',
  unreachable: 'AWS could not be reached, so the sign-in stays valid there until it expires (nothing on this computer can use it any more)',
  'no-token': 'you were not signed in',
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('logout', argv, { session: { type: 'string' }, unuse: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const ctx = cliContext(io);
  const latchkey = createLatchkey(ctx);
  const session = await latchkey.sessions.resolve(stringOption(values, 'session'));
  const result = await latchkey.sessions.logout(session, { unuse: values.unuse === true });
  const caches = result.removedCaches === 1 ? '1 cached credential' : `${result.removedCaches} cached credentials`;
  io.stderr(`Signed out of "${session.name}": ${PORTAL[result.portal]}; removed ${result.portal === 'no-token' ? caches : `its token and ${caches}`}.\n`);

  const file = awsPaths(ctx).credentialsFile;
  const where = (p: ActiveProfile) => (p.credentialsFile && p.credentialsFile !== file ? ` in ${p.credentialsFile}` : '');
  const what = (p: ActiveProfile) => (p.source === 'config-profile' ? `profile ${p.profileName}` : `${p.accountId}/${p.roleName}`);
  if (result.removed.length > 0) io.stderr(`Removed ${result.removed.map((p) => `"${p.profile}"${where(p)}`).join(', ')} from ${file}.\n`);
  for (const p of result.notOwned) io.stderr(`Left profile "${p.profile}"${where(p)} as it is: it was not written by Latchkey.\n`);
  if (result.kept.length > 0) {
    const now = ctx.clock.now();
    io.stderr('These profiles keep their credentials until they expire; Latchkey no longer renews them:\n');
    const width = Math.max(...result.kept.map((p) => p.profile.length));
    for (const p of result.kept) {
      const until = p.expiration > now ? `valid until ${formatTime(p.expiration)} (${formatDuration(p.expiration - now)})` : 'expired';
      io.stderr(`  ${p.profile.padEnd(width)}  ${what(p)}${where(p)}  ${until}\n`);
    }
    const name = /^[\w.@+/-]+$/.test(session.name) ? session.name : JSON.stringify(session.name);
    io.stderr(`Remove them now with "latchkey logout --session ${name} --unuse", or one with "latchkey unuse PROFILE".\n`);
  }
  return 0;
}
