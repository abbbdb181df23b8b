import type { AddressInfo } from 'node:net';
import type { FakeAws, FakeAwsOptions } from './types';
import { FakeState, emptyStats, validateThrottleConfig } from './state';
import { createServer } from './server';
import { decideDevice } from './oidc';
import { fakeAwsStarted } from './started';

export type {
  FakeAccount,
  FakeAws,
  FakeAwsOptions,
  FakeConfigUpdate,
  FakeIamUser,
  FakeStats,
  FaultKind,
  FaultTarget,
  PortalFault,
  PortalLimit,
  PortalOperation,
  PortalOperationLimits,
  RandomFaults,
  RetryAfterMode,
} from './types';
export { DEFAULT_START_URL } from './state';
export { ROLE_NAMES } from './organisation';
export { browse, type BrowseResult } from './fake-browser.mjs';

/** Starts the emulator on 127.0.0.1 (a random port unless `port` is given). */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const state = new FakeState(options);
  // The control routes need the finished API object, which needs the server: break the cycle.
  const holder: { fake?: FakeAws } = {};
  const server = createServer(state, () => holder.fake!);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  state.url = url;

  const decide = (userCode: string, approve: boolean) => {
    if (!decideDevice(state, userCode, approve)) throw new Error(`fake-aws: no pending device authorization with user code ${userCode}`);
  };

  let closing: Promise<void> | undefined; // close() may be called twice (a test and its afterEach)
  const fake: FakeAws = {
    url,
    port,
    startUrl: state.startUrl,
    region: state.region,
    env: {
      AWS_ENDPOINT_URL_SSO_OIDC: url,
      AWS_ENDPOINT_URL_SSO: url,
      AWS_ENDPOINT_URL_STS: url,
      LATCHKEY_FEDERATION_ENDPOINT: `${url}/federation`,
    },
    accounts: state.accounts,
    stats: () => structuredClone(state.stats),
    resetStats: () => {
      state.stats = emptyStats();
    },
    configure: (update) => {
      // Keys whose `undefined` is meaningful (no limit); other keys ignore undefined.
      const clearable = new Set(['portalRateLimit', 'portalBurst', 'portalOperationLimits']);
      const next: Record<string, unknown> = { ...state.config };
      for (const [key, value] of Object.entries(update)) {
        if (key === 'randomFaults' || (value === undefined && !clearable.has(key))) continue;
        next[key] = value;
      }
      validateThrottleConfig(next as unknown as typeof state.config);
      if ('randomFaults' in update) state.randomFaults.configure(update.randomFaults);
      Object.assign(state.config, next);
      // A new throttle shape starts with full budgets.
      if ([...clearable].some((k) => k in update)) state.throttle.reset();
    },
    pendingUserCodes: () => [...state.devices.values()].filter((d) => d.status === 'pending' && d.expiresAt > state.now()).map((d) => d.userCode),
    approveDevice: (userCode) => decide(userCode, true),
    denyDevice: (userCode) => decide(userCode, false),
    failNextPortalCalls: (n, status = 500, operation) => {
      if (n <= 0) state.pendingFaults = [];
      for (let i = 0; i < n; i++) state.pendingFaults.push({ fault: status, ...(operation ? { operation } : {}) });
    },
    revokeAllTokens: () => {
      for (const t of state.accessTokens.values()) t.invalid = true;
      for (const t of state.refreshTokens.values()) t.invalid = true;
    },
    expireAccessTokens: () => {
      for (const t of state.accessTokens.values()) t.invalid = true;
    },
    issuedSecrets: () => state.issuedSecrets(),
    expireDeviceCodes: () => {
      const past = state.now() - 1;
      for (const d of state.devices.values()) if (d.status === 'pending') d.expiresAt = past;
    },
    scopesOf: (accessToken) => {
      const record = state.accessTokens.get(accessToken);
      return record ? [...record.scopes] : undefined;
    },
    expireClientRegistrations: () => {
      const past = state.now() - 1;
      for (const c of state.clients.values()) c.expiresAt = past;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
  holder.fake = fake;
  fakeAwsStarted(fake, options); // the secret sweep searches the test's files and logs for what this fake issues
  return fake;
}
