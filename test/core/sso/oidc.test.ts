import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context';
import { createOidcClient, oidcBaseUrl } from '../../../src/core/sso/oidc';

// The PKCE /authorize page lives on the OIDC host the SDK resolves, as the AWS CLI finds it:
// every partition's own DNS suffix, and AWS_ENDPOINT_URL_SSO_OIDC when it is set.

const clients: { destroy(): void }[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

async function baseFor(region: string, env: Record<string, string> = {}): Promise<string> {
  const client = createOidcClient(createContext({ env }), region);
  clients.push(client);
  return oidcBaseUrl(client);
}

describe('the OIDC base URL of the authorize page', () => {
  it('follows the SDK into every partition, not a hard-coded amazonaws.com', async () => {
    expect(await baseFor('eusc-de-east-1')).toBe('https://oidc.eusc-de-east-1.amazonaws.eu');
    expect(await baseFor('cn-northwest-1')).toBe('https://oidc.cn-northwest-1.amazonaws.com.cn');
    expect(await baseFor('us-gov-west-1')).toBe('https://oidc.us-gov-west-1.amazonaws.com');
    expect(await baseFor('eu-west-1')).toBe('https://oidc.eu-west-1.amazonaws.com');
  });

  it('uses AWS_ENDPOINT_URL_SSO_OIDC (and AWS_ENDPOINT_URL), keeping a path prefix', async () => {
    expect(await baseFor('us-east-1', { AWS_ENDPOINT_URL_SSO_OIDC: 'https://sso-proxy.example.internal:8443/oidc/' })).toBe(
      'https://sso-proxy.example.internal:8443/oidc',
    );
    expect(await baseFor('eusc-de-east-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toBe('http://127.0.0.1:4566');
  });

  it('sends nothing to find it', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(await baseFor('us-east-1', { AWS_ENDPOINT_URL_SSO_OIDC: `http://127.0.0.1:${port}` })).toBe(`http://127.0.0.1:${port}`);
      await new Promise((r) => setTimeout(r, 50));
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
