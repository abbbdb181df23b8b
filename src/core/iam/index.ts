// The public surface of core/iam, for the IPC handlers and the app: config profiles (chained roles,
// IAM users with MFA), the secret store for IAM keys, and the export of Identity Center roles.
export { ConfigProfiles, type ProfileCallOptions } from './config-profiles';
export { EXPORT_BEGIN, EXPORT_END, exportEntryFor, exportProfileName, planExport, type ExportEntry, type ExportPlan } from './config-export';
export { MfaCodeNeeded, normaliseMfaCode, type MfaRequest, type PromptMfaCode } from './mfa-code';
export type { ObtainedCredentials } from './profile-credentials';
export type { ConfigProfileSummary, ProfileKind, ProfilePlan, ProfileProblem } from './profile-plan';
export {
  MemorySecretStore,
  deleteStoredIamUser,
  listStoredIamUsers,
  safeStorageAvailability,
  storeIamUser,
  type SecretStore,
  type SecretStoreAvailability,
  type StoredIamUser,
} from './secret-store';
