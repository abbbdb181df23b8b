import type { CoreContext } from '../context';
import { LatchkeyError } from '../errors';
import { signinHost, type Partition } from './partitions';

/** The federation endpoint: LATCHKEY_FEDERATION_ENDPOINT (a full URL ending /federation) or the partition's. */
export function federationEndpoint(ctx: Pick<CoreContext, 'env'>, partition: Partition): string {
  const override = ctx.env.LATCHKEY_FEDERATION_ENDPOINT?.trim();
  if (!override) return `https://${signinHost(partition)}/federation`;
  const url = URL.canParse(override) ? new URL(override) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || !url.pathname.replace(/\/+$/, '').endsWith('/federation') || url.search || url.hash) {
    throw new LatchkeyError('BAD_INPUT', `LATCHKEY_FEDERATION_ENDPOINT (${override}) is not an http(s) URL ending in /federation.`, {
      hint: 'Set it to a URL such as http://127.0.0.1:4566/federation, or unset it to use AWS.',
    });
  }
  // The request carries the role's keys and the answer is a console sign-in token: plain http
  // only where nothing crosses a network (a local emulator), as the SDKs allow
  // AWS_CONTAINER_CREDENTIALS_FULL_URI over http only to a loopback address.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new LatchkeyError(
      'BAD_INPUT',
      `LATCHKEY_FEDERATION_ENDPOINT (${url.origin}) uses plain http to a host that is not this machine: the role's keys would cross the network unencrypted.`,
      {
        hint: 'Use an https URL, or plain http only to 127.0.0.1, ::1 or localhost (a local emulator); or unset it to use AWS.',
      },
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** 127.0.0.0/8, ::1 and localhost, as the URL parser writes them (it turns "127.1" into "127.0.0.1"). */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
