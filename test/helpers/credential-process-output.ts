import { expect } from 'vitest';

/** What `credential-process` prints on success, as the AWS SDKs read it: temporary keys with an expiry. */
export const credentialProcessOutput = () => ({
  Version: 1,
  AccessKeyId: expect.stringMatching(/^ASIA/),
  SecretAccessKey: expect.any(String),
  SessionToken: expect.any(String),
  Expiration: expect.stringMatching(/Z$/),
});
