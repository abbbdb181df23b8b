// The profile-name rule, in one place for the command, the core and the window: names the AWS
// CLI reads back unchanged from ~/.aws/credentials, at most 64 characters, and never `DEFAULT`,
// which configparser would apply to every profile.

export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9_.@+=,:/-]{1,64}$/;

export function isProfileName(name: string): boolean {
  return PROFILE_NAME_PATTERN.test(name) && name !== 'DEFAULT';
}

/** The window (and so its IPC requests) takes the plainer part of the rule: no `= , : /`, so
 * nothing typed there looks like a path or an option. The command takes the whole rule. */
const PATH_LIKE = /[=,:/]/;

export function isWindowProfileName(name: string): boolean {
  return isProfileName(name) && !PATH_LIKE.test(name);
}

export const WINDOW_PROFILE_NAME_RULE = 'letters, digits, "_", ".", "-", "@" or "+"';
