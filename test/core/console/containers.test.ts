import { describe, expect, it } from 'vitest';
import { CONTAINER_COLORS, CONTAINER_ICONS, containerForAccount, containerUrl } from '../../../src/core/console/containers';
import { browserArgs } from '../../../src/core/console/launch';

describe('Firefox container URLs', () => {
  const local = 'http://127.0.0.1:4000/AbC_-9?x=1&y=2';

  it('each account has a stable name, colour and icon from the allowed lists', () => {
    const a = containerForAccount('111111111111', 'Production');
    expect(a).toEqual(containerForAccount('111111111111', 'Production'));
    expect(a.name).toBe('AWS Production (111111111111)');
    expect(CONTAINER_COLORS).toContain(a.color);
    expect(CONTAINER_ICONS).toContain(a.icon);
    expect(containerForAccount('222222222222').name).toBe('AWS 222222222222');
    const looks = new Set(
      ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'].map((id) => JSON.stringify(containerForAccount(id))),
    );
    expect(looks.size).toBe(5);
  });

  it("Granted's ext+granted-containers: carries the encoded one-time URL as url", () => {
    const c = containerForAccount('111111111111', 'Prod & Test');
    const url = containerUrl('granted', c, local);
    expect(url).toBe(`ext+granted-containers:name=AWS%20Prod%20%26%20Test%20(111111111111)&url=${encodeURIComponent(local)}&color=${c.color}&icon=${c.icon}`);
    const params = new URLSearchParams(url.slice('ext+granted-containers:'.length));
    expect(params.get('url')).toBe(local);
    expect(params.get('name')).toBe('AWS Prod & Test (111111111111)');
  });

  it("open-url-in-container's ext+container: takes the same fields", () => {
    const c = containerForAccount('111111111111');
    const url = containerUrl('open-url-in-container', c, local);
    expect(url.startsWith('ext+container:name=AWS%20111111111111&url=http%3A%2F%2F127.0.0.1%3A4000%2F')).toBe(true);
    expect(new URLSearchParams(url.slice('ext+container:'.length)).get('url')).toBe(local);
  });

  it('Firefox is started with the container URL only', () => {
    const args = browserArgs('container', { key: { account: '111111111111', role: 'r' } }, local, undefined);
    expect(args).toHaveLength(1);
    expect(args[0]).toMatch(/^ext\+granted-containers:name=/);
  });
});
