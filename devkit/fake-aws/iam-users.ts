import { generateOrganisation } from './organisation';
import { randomToken, randomUpper } from './random';
import type { FakeIamUser } from './types';

// `npm run fake -- --iam-user NAME[:MFA_CODE]`: IAM users with generated keys and an MFA
// device, and the AWS files to paste so a person can try the MFA flows by hand.

const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
export const DEFAULT_MFA_CODE = '123456';

/** The account IAM users go to: the organisation's first, generated as the emulator does. */
export function usersAccountId(accounts: number | undefined, roles: number | undefined, seed: number | undefined): string {
  return generateOrganisation(accounts ?? 3, roles ?? 2, seed ?? 1)[0]?.accountId ?? '111111111111';
}

function usageError(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

/** `NAME` or `NAME:CODE` → a user with fresh keys and the MFA device arn:aws:iam::ACCOUNT:mfa/NAME. */
export function parseIamUserFlag(flag: string, accountId: string, usage: string): FakeIamUser {
  const [userName = '', mfaCode = DEFAULT_MFA_CODE, ...rest] = flag.split(':');
  if (!USER_NAME.test(userName) || rest.length > 0) usageError(`--iam-user ${flag}: NAME is 1 to 64 letters, digits and +=,.@_- characters`, usage);
  if (!/^\d{6}$/.test(mfaCode)) usageError(`--iam-user ${flag}: the MFA code is 6 digits`, usage);
  return {
    userName,
    accessKeyId: `AKIA${randomUpper(16)}`,
    secretAccessKey: randomToken(30),
    mfaSerial: `arn:aws:iam::${accountId}:mfa/${userName}`,
    mfaCode,
    accountId,
  };
}

export function parseRoleArnFlag(arn: string, usage: string): string {
  if (!ROLE_ARN.test(arn)) usageError(`--role-requiring-mfa ${arn}: not a role ARN (arn:aws:iam::123456789012:role/NAME)`, usage);
  return arn;
}

/** Ready-to-paste ~/.aws/credentials and ~/.aws/config sections for the users, a role profile
 * on each (role_arn + source_profile + mfa_serial) and the commands to try. */
export function iamUserSnippets(users: FakeIamUser[], roleArn: string, region: string): string[] {
  const first = users[0]!.userName;
  return [
    '# ---- IAM users: paste into ~/.aws/credentials (FAKE keys: they work only against this emulator) ----',
    ...users.flatMap((u) => [`[${u.userName}]`, `aws_access_key_id = ${u.accessKeyId}`, `aws_secret_access_key = ${u.secretAccessKey}`, '']),
    '# ---- and into ~/.aws/config ----',
    ...users.flatMap((u) => [
      `[profile ${u.userName}]`,
      `mfa_serial = ${u.mfaSerial}`,
      `region = ${region}`,
      '',
      `[profile ${u.userName}-role]`,
      `role_arn = ${roleArn}`,
      `source_profile = ${u.userName}`,
      `mfa_serial = ${u.mfaSerial}`,
      '',
    ]),
    `# ---- then (MFA code${users.length > 1 ? 's' : ''}: ${users.map((u) => `${u.userName} ${u.mfaCode}`).join(', ')}) ----`,
    `latchkey use ${first} --profile ${first}-session --mfa-code ${users[0]!.mfaCode}`,
    `latchkey use ${first}-role --profile work      # reuses the MFA session made above`,
    `latchkey console ${first} --print               # GetFederationToken`,
  ];
}
