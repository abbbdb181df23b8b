export { partitionOf, signinHost, consoleHost, normalizeRegion, type Partition } from './partitions';
export { resolveConsoleService, type ConsoleService } from './services';
export { consoleDestination, type ConsoleDestinationOptions } from './destinations';
export { buildConsoleSigninUrl, federationEndpoint, type ConsoleUrlOptions, type CredentialKind } from './federation';
