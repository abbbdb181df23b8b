// The profile-name rule, the same for the command, the core and the window: names the AWS CLI
// reads back unchanged from ~/.aws/credentials, at most 64 characters, and never `DEFAULT`,
// which configparser would apply to every profile.

export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9_.@+=,:/-]{1,64}$/;

/** What a person may type, said in the words the window and the command show. */
export const PROFILE_NAME_RULE = 'letters, digits and _ . @ + = , : / - (at most 64), not DEFAULT';

export function isProfileName(name: string): boolean {
  return PROFILE_NAME_PATTERN.test(name) && name !== 'DEFAULT';
}
