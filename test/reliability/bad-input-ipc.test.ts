import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, type HandlerDeps } from '../../src/main/handlers';
import { MfaPrompts } from '../../src/main/ipc/mfa-prompts';
import { dispatch } from '../../src/main/ipc/dispatch';
import type { ServedProfiles } from '../../src/main/served-profiles';
import type { Updates } from '../../src/main/updates';
import { invokeChannels, type InvokeChannel, type RequestOf } from '../../src/shared/contract';
import { DEFAULT_SETTINGS } from '../../src/shared/views';
import { fuzzParameters } from './arbitraries';
import { iterations, timeoutFor } from './soak';

// Bad IPC arguments: every invoke channel, through dispatch and the real handlers,
// with wrong types, extra keys, prototype-pollution keys and huge strings. Each is answered
// BAD_INPUT naming the field, and neither the core (createLatchkey) nor any host effect
// (settings, browser, clipboard) is touched. Sending the valid request of each channel shows
// the recorder does see a call, so "nothing touched" can fail.

/** A well-formed request for every channel; a channel missing here is a compile error. */
const VALID: { [C in InvokeChannel]: RequestOf<C> } = {
  'sessions.list': undefined,
  'sessions.add': { startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', name: 'corp' },
  'sessions.login': { session: 'corp', flow: 'device' },
  'sessions.cancelLogin': { session: 'corp' },
  'sessions.logout': { session: 'corp', unuse: true },
  'catalog.get': { session: 'corp', refresh: true },
  'catalog.cancelSync': { session: 'corp' },
  'catalog.prioritise': { session: 'corp', visible: ['111122223333'], matching: ['111122223333'], first: '111122223333' },
  'favorites.get': undefined,
  'favorites.toggle': { kind: 'sso', session: 'corp', accountId: '111122223333', roleName: 'Admin' },
  'profiles.list': undefined,
  'profiles.use': { target: { kind: 'sso', session: 'corp', accountId: '111122223333', roleName: 'Admin' }, profile: 'dev' },
  'profiles.unuse': { profile: 'dev' },
  'profiles.refresh': { profile: 'dev' },
  'console.open': { target: { kind: 'profile', profile: 'deploy' }, region: 'eu-west-1', service: 's3' },
  'console.browsers': undefined,
  'credentials.copyEnv': { target: { kind: 'sso', session: 'corp', accountId: '111122223333', roleName: 'Admin' }, shell: 'posix' },
  'credentialServer.copyExports': { profile: 'dev' },
  'configProfiles.list': undefined,
  'configProfiles.forgetMfaSession': { profile: 'ana' },
  'keychain.status': undefined,
  'keychain.storeIamUser': {
    profile: 'ana',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
    mfaSerial: 'arn:aws:iam::111122223333:mfa/ana',
    region: 'eu-west-1',
  },
  'keychain.deleteIamUser': { profile: 'ana' },
  'export.preview': { roles: [{ kind: 'sso', session: 'corp', accountId: '111122223333', roleName: 'Admin' }], prefix: 'sso-', region: 'eu-west-1' },
  'export.apply': { roles: [{ kind: 'sso', session: 'corp', accountId: '111122223333', roleName: 'Admin' }], prefix: 'sso-', diff: '' },
  'mfa.submit': { requestId: 'r1', code: '123456' },
  'mfa.cancel': { requestId: 'r1' },
  'settings.get': undefined,
  'settings.set': { theme: 'dark', refreshMarginMinutes: 10, credentialServer: true, credentialServerAddress: '0.0.0.0' },
  'app.info': undefined,
  'app.openExternal': { url: 'https://docs.aws.amazon.com/' },
  'app.hidePopup': undefined,
  'updates.status': undefined,
  'updates.check': undefined,
  'updates.restart': undefined,
};
const CHANNELS = Object.keys(invokeChannels) as InvokeChannel[];

let touched: string[];
let handlers: ReturnType<typeof createHandlers>;

/** Records every use of the core and the host; answers nothing useful (a valid request may
 * fail afterwards, that is fine: it reached the handler). */
function recorder<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_t, key) => {
      if (key === 'then') return undefined; // not a promise
      touched.push(`${name}.${String(key)}`);
      return () => {
        throw new Error(`${name}.${String(key)} reached`);
      };
    },
  });
}

beforeEach(() => {
  touched = [];
  const deps: HandlerDeps = {
    latchkey: recorder('latchkey'),
    ctx: recorder('ctx'),
    settings: recorder('settings'),
    openExternal: async () => void touched.push('openExternal'),
    writeClipboard: () => void touched.push('writeClipboard'),
    hidePopup: () => void touched.push('hidePopup'),
    appInfo: () => {
      touched.push('appInfo');
      return { version: '0', platform: 'linux', credentialsFile: '', configFile: '', locale: 'en' };
    },
    emit: () => void touched.push('emit'),
    mfa: new Proxy(new MfaPrompts(() => void touched.push('emit')), { get: (target, key) => (touched.push(`mfa.${String(key)}`), Reflect.get(target, key)) }),
    onSettingsChanged: () => void touched.push('onSettingsChanged'),
    servedProfiles: recorder<ServedProfiles>('servedProfiles'),
    updates: recorder<Updates>('updates'),
  };
  // The real handlers, each call recorded: a refused request must not reach one.
  const real = createHandlers(deps);
  handlers = new Proxy(real, {
    get: (target, key) => {
      const handler = Reflect.get(target, key) as unknown;
      if (typeof handler !== 'function') return handler;
      return (request: unknown) => {
        touched.push(`handler.${String(key)}`);
        return (handler as (r: unknown) => unknown)(request);
      };
    },
  });
  touched = [];
});

/** The leaves of a request: [path, value] for every string, number and boolean. */
function leaves(value: unknown, at: string[] = []): [string[], unknown][] {
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  return value === undefined ? [] : [[at, value]];
}

function withLeaf(value: unknown, at: string[], leaf: unknown): unknown {
  if (at.length === 0) return leaf;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  copy[at[0]!] = withLeaf(copy[at[0]!], at.slice(1), leaf);
  return copy;
}

async function expectBadInput(channel: string, request: unknown, field?: string): Promise<void> {
  const what = `${channel} (${field ?? 'request'})`;
  const result = await dispatch(handlers, channel, request);
  expect(result.ok, what).toBe(false);
  if (result.ok) return;
  expect(result.code, what).toBe('BAD_INPUT');
  expect(result.message.length, what).toBeLessThan(400);
  if (field) expect(result.message, what).toContain(field);
  expect(touched, `${what} reached the core or the host`).toEqual([]);
}

const HUGE = 'x'.repeat(1_000_001);
const POLLUTERS = ['__proto__', 'constructor', 'prototype'];

describe('bad IPC arguments, every channel', () => {
  it.each(CHANNELS)('%s: the valid request reaches the handler (the recorder works)', async (channel) => {
    await dispatch(handlers, channel, VALID[channel]);
    expect(touched, channel).toContain(`handler.${channel}`);
  });

  it.each(CHANNELS)('%s: wrong types, extra and prototype keys, huge or mistyped fields → BAD_INPUT naming the field', async (channel) => {
    const valid = VALID[channel] as unknown;
    const isObject = valid !== undefined;
    for (const wrong of [null, 0, 'x', true, [], ...(isObject ? [undefined] : [{}])]) await expectBadInput(channel, wrong);
    if (!isObject) return;
    await expectBadInput(channel, { ...(valid as object), extra: 1 }, 'extra');
    for (const key of POLLUTERS) {
      // JSON.parse makes "__proto__" an own key, as a structured-clone IPC message would.
      const hostile = JSON.parse(JSON.stringify({ ...(valid as object), placeholder: { polluted: true } }).replace('"placeholder"', `"${key}"`)) as unknown;
      await expectBadInput(channel, hostile, key);
    }
    for (const [at, leaf] of leaves(valid)) {
      const field = at.join('.');
      if (channel === 'export.apply' && field === 'diff') {
        await expectBadInput(channel, withLeaf(valid, at, HUGE), field);
        continue;
      }
      const replacements = typeof leaf === 'string' ? [HUGE, 1, null, ['x'], { toString: 'x' }] : [String(leaf), null, HUGE];
      for (const bad of replacements) await expectBadInput(channel, withLeaf(valid, at, bad), field);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('sessions.add refuses start URLs the core would refuse, at the door and without echoing a password', async () => {
    const valid = VALID['sessions.add'] as object;
    for (const bad of [
      'http://corp.awsapps.com/start',
      'https://ana:hunter2@corp.awsapps.com/start',
      'https:///start',
      'https://localhost/start',
      'https://corp.awsapps.com/st art',
      'https://соrp.awsapps.com/start',
      'javascript:alert(1)',
    ]) {
      await expectBadInput('sessions.add', { ...valid, startUrl: bad }, 'startUrl');
      const result = await dispatch(handlers, 'sessions.add', { ...valid, startUrl: bad });
      expect(JSON.stringify(result)).not.toContain('hunter2');
    }
  });

  it('the credential server: a listening address must be an IPv4 address, a profile a profile name', async () => {
    for (const bad of ['0.0.0.0.0', '256.1.1.1', 'localhost', '::1', '127.0.0.1 ', '127.0.0.1:80', '01.2.3.4', '']) {
      await expectBadInput('settings.set', { credentialServerAddress: bad }, 'credentialServerAddress');
    }
    for (const bad of ['yes', 1, null]) await expectBadInput('settings.set', { credentialServer: bad }, 'credentialServer');
    for (const bad of ['', 'a b', 'dev\n[default]', '../dev', 'x'.repeat(65)])
      await expectBadInput('credentialServer.copyExports', { profile: bad }, 'profile');
  });

  it('updates: a check and a restart take no argument at all, and the automatic-checks setting only a boolean', async () => {
    for (const bad of [{}, { url: 'http://127.0.0.1/feed' }, 'now', 1, [], null]) await expectBadInput('updates.check', bad);
    for (const bad of [{}, { version: '0.2.0' }, 'now', true, null]) await expectBadInput('updates.restart', bad);
    for (const bad of ['off', 0, null, 'true']) await expectBadInput('settings.set', { autoUpdateChecks: bad }, 'autoUpdateChecks');
    await dispatch(handlers, 'updates.check', undefined);
    expect(touched).toEqual(['handler.updates.check', 'updates.check']);
  });

  it('unknown or hostile channel names → BAD_INPUT, the name cut short', async () => {
    for (const channel of ['', 'toString', 'hasOwnProperty', '__proto__', 'constructor', 'sessions.list ', 'SESSIONS.LIST', 'a'.repeat(100_000)]) {
      const result = await dispatch(handlers, channel, undefined);
      expect(result).toMatchObject({ ok: false, code: 'BAD_INPUT' });
      expect((result as { message: string }).message.length).toBeLessThan(120);
    }
    expect(touched).toEqual([]);
  });

  it(
    'any JSON value sent to any channel: either valid for it, or BAD_INPUT with nothing touched',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CHANNELS), fc.oneof(fc.jsonValue(), fc.constant(undefined)), async (channel, request) => {
          touched = [];
          const valid = (invokeChannels[channel].request as { safeParse(v: unknown): { success: boolean } }).safeParse(request).success;
          const result = await dispatch(handlers, channel, request);
          if (valid) return;
          expect(result).toMatchObject({ ok: false, code: 'BAD_INPUT' });
          expect(touched).toEqual([]);
        }),
        fuzzParameters(iterations(3_000, 100_000)),
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    timeoutFor(30_000, 600_000),
  );
});

// Settings are applied field by field; make sure an empty patch is not mistaken for bad input.
describe('the recorder itself', () => {
  it('sees settings.set reach the settings store', async () => {
    await dispatch(handlers, 'settings.set', { theme: DEFAULT_SETTINGS.theme });
    expect(touched).toContain('settings.set');
  });
});

describe('the sign-in method', () => {
  it('settings.set takes automatic, browser or device code, nothing else', async () => {
    for (const signInFlow of ['auto', 'pkce', 'device'] as const) {
      touched.length = 0;
      await dispatch(handlers, 'settings.set', { signInFlow });
      expect(touched, signInFlow).toContain('settings.set');
    }
    touched.length = 0;
    for (const wrong of ['browser', 'device-code', 'AUTO', '', 1]) await expectBadInput('settings.set', { signInFlow: wrong }, 'signInFlow');
  });

  it('sessions.login takes auto, pkce or device as its flow, nothing else', async () => {
    for (const wrong of ['browser', 'device-code', 'Auto', '']) await expectBadInput('sessions.login', { session: 'corp', flow: wrong }, 'flow');
  });
});
