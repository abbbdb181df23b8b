import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, invokeChannels } from '../../src/shared/contract';
import { fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

// What the page gets through contextBridge: the domain API and nothing that reaches Electron.

let api: Record<string, unknown>;

beforeAll(async () => {
  fake.reset();
  await import('../../src/preload/index');
  api = fake.exposed.get('latchkey') as Record<string, unknown>;
});

describe('preload', () => {
  it("exposes one object, 'latchkey', with a function per contract channel and on()", () => {
    expect([...fake.exposed.keys()]).toEqual(['latchkey']);
    for (const channel of Object.keys(invokeChannels)) {
      const [domain, action] = channel.split('.') as [string, string];
      expect(typeof (api[domain] as Record<string, unknown>)[action], channel).toBe('function');
    }
    expect(Object.keys(api).sort()).toEqual([...new Set(Object.keys(invokeChannels).map((c) => c.split('.')[0]!)), 'on'].sort());
  });

  it('never hands out ipcRenderer or a generic invoke/send', () => {
    const walk = (value: unknown, seen = new Set<unknown>()): unknown[] => {
      if (!value || typeof value !== 'object' || seen.has(value)) return [];
      seen.add(value);
      return [value, ...Object.values(value).flatMap((v) => walk(v, seen))];
    };
    for (const node of walk(api)) {
      expect(node).not.toBe(fake.ipcRenderer);
      for (const key of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'require', 'process']) expect(Object.keys(node as object)).not.toContain(key);
    }
  });

  it('a call goes to its own channel with its request, and resolves with main’s answer', async () => {
    const sessions = api.sessions as { list(): Promise<unknown>; login(r: unknown): Promise<unknown> };
    expect(await sessions.list()).toEqual({ ok: true, value: 'answer to sessions.list' });
    await sessions.login({ session: 'corp', flow: 'pkce' });
    expect(fake.ipcRenderer.invoked).toEqual([
      { channel: 'sessions.list', request: undefined },
      { channel: 'sessions.login', request: { session: 'corp', flow: 'pkce' } },
    ]);
  });

  it('on() delivers the payload only (not the Electron event) and its remover unsubscribes', () => {
    const on = api.on as (event: string, listener: (...args: unknown[]) => void) => () => void;
    const got: unknown[][] = [];
    const off = on('profiles-changed', (...args) => got.push(args));
    fake.ipcRenderer.emit('profiles-changed', { sender: 'secret-ish event object' }, [{ profile: 'default' }]);
    expect(got).toEqual([[[{ profile: 'default' }]]]);
    off();
    fake.ipcRenderer.emit('profiles-changed', {}, []);
    expect(got).toHaveLength(1);
    expect(fake.ipcRenderer.listenerCount('profiles-changed')).toBe(0);
  });

  it('refuses to subscribe to a channel that is not a contract event', () => {
    const on = api.on as (event: string, listener: () => void) => () => void;
    expect(() => on('sessions.list', () => undefined)).toThrow(/unknown event/);
    expect(EVENT_NAMES.length).toBeGreaterThan(0);
  });
});
