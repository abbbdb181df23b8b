import { z } from 'zod';
import { isWindowProfileName, WINDOW_PROFILE_NAME_RULE } from './profile-name';

// Runtime schemas for every argument that crosses IPC. The core validates again; these make a
// malformed or hostile call fail at the door with BAD_INPUT instead of reaching the core.

export const sessionName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/ ]*$/, 'letters, digits, ".", "_", "-", "/" or spaces');
export const region = z.string().regex(/^(?:[a-z]{2}|eusc)(-[a-z]+)+-\d{1,2}$/, 'an AWS region such as us-east-1');
// The same rule as the core's assertStartUrl (test/main/start-url-rule.test.ts holds them to
// it): https, printable ASCII with no backslash, no "user:password@", and a host with a dot
// inside it that the URL parser reads as it was typed (a parser reads
// "https://evil.example\.awsapps.com" as host evil.example, and decodes "%2e"). No z.url(): it
// would hand on a normalised copy, tabs and spaces dropped, of text the core refuses.
export const startUrl = z
  .string()
  .max(512)
  .refine(isStartUrl, 'an https:// start URL such as https://my-company.awsapps.com/start, with no user name or password');

function isStartUrl(u: string): boolean {
  const typedHost = /^https:\/\/([^/?#]+)/i.exec(u)?.[1];
  if (!typedHost || !/.\../.test(typedHost) || /[^\x21-\x7e]/.test(u) || u.includes('\\') || !URL.canParse(u)) return false;
  const url = new URL(u);
  return url.protocol === 'https:' && !url.username && !url.password && url.hostname !== '' && url.host === typedHost.toLowerCase();
}

export const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit account id');
export const roleName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w+=,.@-]+$/, 'an IAM role name');
export const profileName = z.string().min(1).max(64).refine(isWindowProfileName, WINDOW_PROFILE_NAME_RULE);
export const serviceName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/, 'a console service such as s3');

/** An Identity Center role: one account, one permission set, through one SSO session. */
export const ssoRoleTarget = z.object({ kind: z.literal('sso'), session: sessionName, accountId, roleName }).strict();
/** A profile in ~/.aws/config that Latchkey resolves itself (chained role, IAM user with MFA). */
export const configProfileTarget = z.object({ kind: z.literal('profile'), profile: profileName }).strict();
export const roleTarget = z.discriminatedUnion('kind', [ssoRoleTarget, configProfileTarget]);

/** Where the credential server listens: 127.0.0.1, 0.0.0.0 (every interface) or one address. */
export const ipv4Address = z
  .string()
  .regex(/^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/, 'an IPv4 address such as 127.0.0.1 or 0.0.0.0');
export const consoleMode = z.enum(['multi-session', 'sign-out', 'profile', 'container']);
export const browserId = z.enum(['chrome', 'chromium', 'brave', 'edge', 'vivaldi', 'firefox']);
/** A Chromium profile folder name such as "Default" or "Profile 1"; nothing that leaves the folder. */
export const profileDirectory = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/)
  .refine((v) => !v.includes('..'));

// A browser name or path is handed to the OS; a control character has no place in it.
// eslint-disable-next-line no-control-regex
const hasNoControlCharacters = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);

export const settingsPatch = z
  .object({
    defaultRegion: region,
    refreshMarginMinutes: z.number().int().min(1).max(50),
    notifications: z.boolean(),
    launchAtLogin: z.boolean(),
    language: z.enum(['system', 'en', 'ja']),
    theme: z.enum(['system', 'light', 'dark']),
    signInFlow: z.enum(['auto', 'pkce', 'device']),
    consoleMode: z.enum(['ask', 'multi-session', 'sign-out', 'profile', 'container']),
    consoleBrowser: z.string().max(1024).refine(hasNoControlCharacters),
    consoleContainerAddon: z.enum(['granted', 'open-url-in-container']),
    consoleSessionMinutes: z.union([z.literal(0), z.number().int().min(15).max(720)]),
    credentialServer: z.boolean(),
    credentialServerAddress: ipv4Address,
    autoUpdateChecks: z.boolean(),
  })
  .partial()
  .strict();

export type SsoRoleTarget = z.infer<typeof ssoRoleTarget>;
export type ConfigProfileTarget = z.infer<typeof configProfileTarget>;
export type RoleTarget = z.infer<typeof roleTarget>;
export type SettingsPatch = z.infer<typeof settingsPatch>;
