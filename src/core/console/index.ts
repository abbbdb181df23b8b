export { partitionOf, signinHost, consoleHost, normalizeRegion, type Partition } from './partitions';
export { resolveConsoleService, type ConsoleService } from './services';
export { consoleDestination, type ConsoleDestinationOptions } from './destinations';
export { buildConsoleSigninUrl, type ConsoleUrlOptions, type CredentialKind } from './federation';
export { federationEndpoint } from './federation-endpoint';
export { CONSOLE_MODES, consoleUrlForMode, isConsoleMode, signOutEndpoint, signOutHandOverUrl, type ConsoleMode } from './modes';
export { serveOnce, isLiveOneTimeUrl, openThroughOneTimeUrl, type OneTimeUrl } from './one-time-url';
