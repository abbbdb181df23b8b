import { LatchkeyError } from '../../core/errors';
import { deleteStoredIamUser, exportEntryFor, listStoredIamUsers, planExport, storeIamUser, type ExportPlan } from '../../core/iam';
import type { Latchkey } from '../../core/sessions/latchkey';
import type { ParsedRequestOf } from '../../shared/contract';
import type { ConfigProfilesView, ExportPreview, KeychainView } from '../../shared/views';
import { resolveSsoTarget } from './targets';
import type { Handlers, HandlerDeps } from './types';

type ConfigProfileHandlers = Pick<
  Handlers,
  'configProfiles.list' | 'configProfiles.forgetMfaSession' | 'keychain.status' | 'keychain.storeIamUser' | 'keychain.deleteIamUser' | 'export.preview' | 'export.apply'
>;

export function configProfileHandlers(deps: HandlerDeps): ConfigProfileHandlers {
  const { latchkey } = deps;

  return {
    'configProfiles.list': async () => toConfigProfilesView(await latchkey.configProfiles.list()),

    'configProfiles.forgetMfaSession': async ({ profile }) => {
      await latchkey.configProfiles.forgetMfaSession(profile);
    },

    'keychain.status': async () => keychainView(latchkey),

    // The keys go into the keychain and are never sent back; the answer lists names only.
    'keychain.storeIamUser': async (user) => {
      const store = requireStore(latchkey);
      await storeIamUser(store, {
        profile: user.profile,
        accessKeyId: user.accessKeyId,
        secretAccessKey: user.secretAccessKey,
        ...(user.mfaSerial ? { mfaSerial: user.mfaSerial } : {}),
        ...(user.region ? { region: user.region } : {}),
      });
      return keychainView(latchkey);
    },

    'keychain.deleteIamUser': async ({ profile }) => {
      if (!(await deleteStoredIamUser(requireStore(latchkey), profile))) {
        throw new LatchkeyError('NOT_FOUND', `No keys for "${profile}" are kept in the keychain.`);
      }
      return keychainView(latchkey);
    },

    'export.preview': async (request) => toExportPreview(await exportPlan(deps, request)),

    // Written only when the file would change exactly as the person saw it in the preview;
    // otherwise the new preview goes back to be looked at again.
    'export.apply': async ({ diff, ...request }) => {
      const plan = await exportPlan(deps, request);
      if (plan.diff !== diff) return { ...toExportPreview(plan), applied: false };
      await plan.apply();
      return { ...toExportPreview(plan), applied: true };
    },
  };
}

async function exportPlan({ latchkey, ctx }: Pick<HandlerDeps, 'latchkey' | 'ctx'>, request: Omit<ParsedRequestOf<'export.preview'>, 'diff'>): Promise<ExportPlan> {
  const entries = [];
  for (const target of request.roles) {
    const role = await resolveSsoTarget(latchkey, target);
    entries.push(exportEntryFor(role, { ...(request.prefix ? { prefix: request.prefix } : {}), ...(request.region ? { region: request.region } : {}) }));
  }
  return planExport(ctx, { add: entries });
}

function toExportPreview(plan: ExportPlan): ExportPreview {
  return { configFile: plan.configFile, diff: plan.diff, profiles: [...plan.profiles] };
}

function requireStore(latchkey: Latchkey) {
  if (!latchkey.secretStore) throw new LatchkeyError('UNSUPPORTED', 'This Latchkey has no keychain to keep access keys in.', { hint: 'Keep the keys in ~/.aws/credentials instead.' });
  return latchkey.secretStore;
}

async function keychainView(latchkey: Latchkey): Promise<KeychainView> {
  const store = latchkey.secretStore;
  if (!store) return { available: false, reason: 'This Latchkey has no keychain to keep access keys in.', users: [] };
  const verdict = store.availability();
  const users = await listStoredIamUsers(store);
  return verdict.ok ? { available: true, users } : { available: false, reason: verdict.reason, users };
}

function toConfigProfilesView(listed: Awaited<ReturnType<Latchkey['configProfiles']['list']>>): ConfigProfilesView {
  return {
    profiles: listed.profiles.map((p) => ({
      profile: p.profile,
      kind: p.kind,
      mfa: p.mfa,
      chain: [...p.chain],
      ...(p.region ? { region: p.region } : {}),
      ...(p.accountId ? { accountId: p.accountId } : {}),
      ...(p.roleName ? { roleName: p.roleName } : {}),
      ...(p.userName ? { userName: p.userName } : {}),
      ...(p.sourceProfile ? { sourceProfile: p.sourceProfile } : {}),
      ...(p.mfaSessionExpiresAt !== undefined ? { mfaSessionExpiresAt: p.mfaSessionExpiresAt } : {}),
    })),
    problems: listed.problems.map((p) => ({ profile: p.profile, code: p.code, message: p.message })),
  };
}
