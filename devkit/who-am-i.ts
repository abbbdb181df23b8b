import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface CallerIdentity {
  account: string | undefined;
  arn: string | undefined;
}

/**
 * `sts get-caller-identity` with these keys: who AWS says they are. `at` is the emulator (its
 * STS endpoint and region) or any STS endpoint by URL, such as moto's. One attempt, so an
 * expired or unknown key rejects as STS answered.
 */
export async function whoAmI(at: { url: string; region?: string; env?: { AWS_ENDPOINT_URL_STS?: string } }, keys: AwsKeys): Promise<CallerIdentity> {
  const { accessKeyId, secretAccessKey, sessionToken } = keys;
  const sts = new STSClient({
    region: at.region ?? 'us-east-1',
    endpoint: at.env?.AWS_ENDPOINT_URL_STS ?? at.url,
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey, sessionToken },
  });
  try {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    return { account: id.Account, arn: id.Arn };
  } finally {
    sts.destroy();
  }
}

/** The keys a process was given in its environment (AWS_ACCESS_KEY_ID and the rest); throws if a key is missing. */
export function keysFromEnv(vars: Record<string, string | undefined>): AwsKeys {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = vars;
  if (!accessKeyId || !secretAccessKey) throw new Error('no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment');
  return { accessKeyId, secretAccessKey, sessionToken };
}
