import type { CoreContext } from '../../core/context';
import { isLatchkeyError } from '../../core/errors';
import { MfaCodeNeeded } from '../../core/iam/mfa-code';
import { toCredentialProcessOutput, writeCredentialProcessCache, type CredentialProcessOutput } from '../../core/sessions/credential-process-cache';
import { createLatchkey } from '../../core/sessions/latchkey';
import type { SsoSessionRef } from '../../core/types';
import type { CliIo } from '../io';
import { readSignInFlowSetting } from '../../core/sso/sign-in-flow';
import { unattendedSignIn } from '../sign-in-prompt';
import { assertMfaCodeUsable, cliMfaPrompt } from './profile-target';

/** No cached credentials: make sure we are signed in (a sign-in if the token cannot be refreshed,
 * bounded in time: SDKs call us with no terminal), then fetch, cache and return fresh ones. */
export async function fetchForCredentialProcess(
  ctx: CoreContext,
  io: CliIo,
  session: SsoSessionRef,
  roleArg: string,
  cacheFile: string,
): Promise<CredentialProcessOutput> {
  const latchkey = createLatchkey(ctx);
  const flowSetting = await readSignInFlowSetting(ctx);
  const signIn = () => latchkey.sessions.ensureSignedIn(session, unattendedSignIn(io, flowSetting));
  const fetch = async () => latchkey.catalog.roleCredentials(await latchkey.catalog.resolveRole(roleArg, session.name));
  await signIn();
  let creds;
  try {
    creds = await fetch();
  } catch (err) {
    // The cache called the token valid but AWS had ended the sign-in (signed out elsewhere,
    // revoked by an admin) and it could not be renewed: sign in, once, and try again.
    if (!isLatchkeyError(err, 'NOT_SIGNED_IN')) throw err;
    await signIn();
    creds = await fetch();
  }
  const output = toCredentialProcessOutput(creds);
  await writeCredentialProcessCache(cacheFile, output, session.name);
  return output;
}

/** A config profile (chained role, IAM user with MFA): resolve it, cache and return. An MFA
 * code comes from --mfa-code or a terminal; with neither, the error says what to run. */
export async function fetchProfileForCredentialProcess(
  ctx: CoreContext,
  io: CliIo,
  profile: string,
  cacheFile: string,
  mfaCode: string | undefined,
  command = 'credential-process',
): Promise<CredentialProcessOutput> {
  const latchkey = createLatchkey(ctx);
  assertMfaCodeUsable(command, await latchkey.configProfiles.plan(profile), mfaCode);
  const get = () => latchkey.configProfiles.credentials(profile, { promptMfaCode: cliMfaPrompt(io, mfaCode, command, profile) });
  let credentials;
  let plan;
  try {
    ({ credentials, plan } = await get());
  } catch (err) {
    // A chain that starts at an Identity Center role whose sign-in lapsed: sign in (SDKs call
    // us with no terminal, so it is bounded in time), then try once more.
    if (!isLatchkeyError(err, 'NOT_SIGNED_IN') || err instanceof MfaCodeNeeded) throw err;
    const planned = await latchkey.configProfiles.plan(profile);
    if (planned.source.kind !== 'sso-role') throw err;
    await latchkey.sessions.ensureSignedIn(planned.source.session, unattendedSignIn(io, await readSignInFlowSetting(ctx)));
    ({ credentials, plan } = await get());
  }
  const output = toCredentialProcessOutput(credentials);
  // A chain that starts at an Identity Center role ends with that sign-in.
  await writeCredentialProcessCache(cacheFile, output, plan.source.kind === 'sso-role' ? plan.source.session.name : null);
  return output;
}
