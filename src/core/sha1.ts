import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

// SHA-1 names cache files the way the AWS CLI does (~/.aws/sso/cache, ~/.aws/cli/cache).
// Not node:crypto: loading it costs `credential-process` about a sixth of a bare Node start,
// and SDKs run that command before every client they build. @noble/hashes is bundled.

/** Lower-case hex SHA-1 of the text's UTF-8 bytes. */
export function sha1Hex(text: string): string {
  return bytesToHex(sha1(utf8ToBytes(text)));
}
