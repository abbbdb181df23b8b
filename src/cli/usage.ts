// Help texts, one entry per command: scripts read them, so wording changes are contract changes.

export const VERSION_TEXT = (version: string) => `latchkey ${version}\n`;

export const MAIN_HELP = `latchkey — AWS IAM Identity Center sign-in and credentials, shared with the Latchkey app

Usage: latchkey <command> [options]

Commands:
  login               sign in to an SSO session (browser, or --device-code)
  logout              sign out of an SSO session and end what it handed out
  sessions            list SSO sessions and whether you are signed in
  roles               list the accounts and roles you can use
  use ROLE            write a role's credentials to a profile in ~/.aws/credentials
  unuse PROFILE       remove a profile Latchkey wrote
  console ROLE        open the AWS console as a role
  credential-process ROLE
                      print credentials for credential_process in ~/.aws/config
  env ROLE            print a role's credentials for a shell to evaluate
  exec ROLE -- CMD    run a command with a role's credentials (or a credential server)
  serve ROLE...       serve roles' credentials at a local container-credentials endpoint
  status              sessions and active profiles with the time left (for prompts)
  export ROLE...      write ~/.aws/config profiles (sso_session) for roles, after a diff

ROLE is ACCOUNT/ROLE_NAME; ACCOUNT is a 12-digit account id or an exact account name.
ROLE may also name a profile of ~/.aws/config (no "/"): a chained role (role_arn +
source_profile), an IAM user's keys with mfa_serial, or an SSO profile.
Run "latchkey <command> --help" for a command's options.

Options:
  --help, -h          show help
  --version, -v       show the version

Environment: AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, LATCHKEY_HOME, BROWSER,
LATCHKEY_SIGNIN_FLOW=pkce|device-code, LATCHKEY_SIGNIN_TIMEOUT=SECONDS,
LATCHKEY_DEBUG=1 (stack traces), LATCHKEY_LOG_LEVEL=debug|info|warn|error (log to
LATCHKEY_HOME/logs/latchkey.log), AWS_ENDPOINT_URL_SSO_OIDC / _SSO / _STS and
LATCHKEY_FEDERATION_ENDPOINT (point Latchkey at an emulator).
`;

export const COMMAND_HELP: Record<string, string> = {
  login: `Usage: latchkey login [--start-url URL --region REGION] [--session NAME | --profile NAME] [--device-code] [--no-browser]

Signs in to an IAM Identity Center session and stores the token where the AWS CLI and SDKs
find it (~/.aws/sso/cache), so they need no second sign-in. Profiles that name the portal
themselves (sso_start_url + sso_region, no sso_session) get the token too.

  --start-url URL     your AWS access portal URL (https://YOUR-ORG.awsapps.com/start);
                      adds an [sso-session] to ~/.aws/config if there is none for it
  --region REGION     the Identity Center region (with --start-url)
  --session NAME      the sso-session name (optional when only one exists)
  --profile NAME      sign in for a profile of ~/.aws/config: its sso_session, or its
                      sso_start_url and sso_region
  --device-code       sign in with a code instead of a browser redirect to this machine
  --no-browser        print the URL to open instead of opening it

Without --device-code, the browser sign-in is used where a browser on this machine can
finish it, and a device code (approved on any device) over SSH, in a container, in WSL
without wslview, on Linux with no display, or when the browser fails to open. While a code
waits, a line shows the time left; Ctrl-C cancels. LATCHKEY_SIGNIN_FLOW=pkce|device-code
forces a flow.
`,
  logout: `Usage: latchkey logout [--session NAME] [--unuse]

Signs out of the session at AWS, as "aws sso logout" does, and ends what the sign-in handed
out: its cached token and the credentials "latchkey credential-process" cached from it. The
session's profiles in ~/.aws/credentials are no longer renewed; the roles' credentials stay
valid at AWS until they expire, so the command lists each profile with the time it stays valid.

  --session NAME      the sso-session name (optional when only one exists)
  --unuse             also remove those profiles from ~/.aws/credentials (only sections
                      Latchkey wrote; every other line stays as it is)
`,
  sessions: `Usage: latchkey sessions [--json]

Lists the SSO sessions in ~/.aws/config, whether you are signed in and until when.
`,
  roles: `Usage: latchkey roles [--session NAME] [--refresh] [--json] [--profiles]

Lists every account and role you can use, then the profiles of ~/.aws/config Latchkey can
resolve. Shows the cached list at once; --refresh (or no cache yet) asks AWS again.

  --json              an array of {session, accountId, accountName, roleName}
                      (Identity Center roles only)
  --profiles          only the ~/.aws/config profiles; with --json an array of
                      {profile, kind, accountId, roleName, userName, region, sourceProfile, mfa},
                      kind one of sso-profile, iam-user, assumed-role, chained-role
`,
  use: `Usage: latchkey use ROLE [--profile NAME] [--session NAME] [--mfa-code CODE]

Writes the role's short-lived credentials to [NAME] in ~/.aws/credentials (NAME defaults to
"default"). Only profiles Latchkey wrote are ever replaced; every other byte of the file stays
as it is. The Latchkey app keeps active profiles fresh.

ROLE may name a profile of ~/.aws/config: a chained role is assumed step by step (at most one
hour once a role assumes a role); an IAM user gets an MFA session (GetSessionToken).
  --profile NAME      the profile to write; not one that ~/.aws/config gives credentials of
                      its own (role_arn, sso_session, credential_process, ...)
  --session NAME      the SSO session of an ACCOUNT/ROLE_NAME role (not for profiles)
  --mfa-code CODE     the 6-digit code of the profile's MFA device (mfa_serial); without it
                      the code is asked for on the terminal. One code gives an MFA session
                      that is reused for up to 12 hours.
`,
  unuse: `Usage: latchkey unuse PROFILE

Removes PROFILE from ~/.aws/credentials if Latchkey wrote it. A profile you wrote yourself is
never touched.
`,
  console: `Usage: latchkey console ROLE [--switch multi-session|sign-out|profile|container] [--browser NAME|PATH]
                        [--profile-directory DIR] [--duration MINUTES] [--path PATH] [--region REGION]
                        [--service SERVICE] [--print] [--session NAME] [--mfa-code CODE]

Opens the AWS console signed in as ROLE. For a profile of ~/.aws/config: a chained role signs
in for at most one hour; an IAM user signs in through GetFederationToken with its keys (its
own permissions). The browser is given a one-time local URL (answered once, within 60 s) that
redirects to the sign-in, so the sign-in token never appears in a process list; the command
waits until the browser fetched it.

  --switch MODE       how to open over another account's console session (default: the app's
                      setting, else multi-session):
                        multi-session  the plain sign-in; with the console's multi-session
                                       support on in that browser, sessions sit side by side
                        sign-out       sign the browser out of the console first, then in
                        profile        a Chromium-family browser profile of the role's own
                                       (a private folder under LATCHKEY_HOME/browser-profiles)
                        container      a Firefox container of the account's own (the Granted
                                       or "Open external links in a container" add-on)
  --browser NAME|PATH the console's browser: chrome, chromium, brave, edge, vivaldi, firefox,
                      or a program's path (Chromium-family unless it is Firefox); default: the
                      app's setting, else the system browser (or the first one found)
  --profile-directory DIR  with --switch profile: one of your own browser profiles instead,
                      e.g. "Default" or "Profile 1"
  --duration MINUTES  the console session length, 15 to 720 (not for chained roles or IAM users)
  --path PATH         a console page on the region's host, e.g. /iam/home#/roles
  --region REGION     the console region (default: AWS_REGION, else the session's region)
  --service SERVICE   open a service's page, e.g. ec2, s3, iam, lambda
  --print             print the URL the mode would open instead of opening it (valid 15 minutes)
`,
  'credential-process': `Usage: latchkey credential-process ROLE [--session NAME] [--mfa-code CODE]

Prints credentials in the credential_process format. In ~/.aws/config:

  [profile prod]
  credential_process = latchkey credential-process production/ReadOnly

Cached credentials are reused until shortly before they expire. If the sign-in has lapsed
and cannot be refreshed, a sign-in starts (a device code on stderr where no browser here can
finish it) and the command waits for it at most LATCHKEY_SIGNIN_TIMEOUT seconds (default
120), then exits 1 saying to run "latchkey login --device-code". For a profile
that needs an MFA code and has no MFA session yet, run "latchkey use PROFILE --mfa-code CODE"
once (or pass --mfa-code): SDKs run this command with no terminal to ask on.
`,
  env: `Usage: latchkey env ROLE [--format sh|fish|powershell|cmd|json|dotenv] [--session NAME] [--mfa-code CODE]

Prints the role's credentials for the current shell to evaluate: AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION (ISO 8601), and
AWS_REGION / AWS_DEFAULT_REGION when ROLE is a profile of ~/.aws/config with a region. The
shell formats also clear AWS_PROFILE and AWS_DEFAULT_PROFILE. Every value is quoted for its
shell. Cached credentials are reused while they have at least 15 minutes left.

  --format FORMAT     sh (default; bash, zsh, dash):  eval "$(latchkey env prod/Admin)"
                      fish:                           latchkey env prod/Admin --format fish | source
                      powershell:                     latchkey env prod/Admin --format powershell | Invoke-Expression
                      cmd (a batch file to call), json (an object), dotenv (NAME=value lines)
  --session NAME      the SSO session of an ACCOUNT/ROLE_NAME role
  --mfa-code CODE     the code of the profile's MFA device (mfa_serial)
`,
  exec: `Usage: latchkey exec ROLE [--server] [--force] [--session NAME] [--mfa-code CODE] -- CMD [ARGS...]

Runs CMD with the role's credentials in its environment (as "latchkey env" prints them) and
AWS_PROFILE cleared, and exits with CMD's exit code (128 + N when signal N ends it). SIGINT,
SIGTERM and SIGHUP are passed on to CMD. A command that cannot be found exits 127. CMD sees
LATCHKEY_EXEC=ROLE; an exec inside it is refused unless --force.

  --server            give CMD no keys: a local container-credentials endpoint instead
                      (AWS_CONTAINER_CREDENTIALS_FULL_URI on 127.0.0.1, a random port and path,
                      and AWS_CONTAINER_AUTHORIZATION_TOKEN, new for each run). It serves fresh
                      credentials before the old ones expire for as long as CMD runs, so
                      hour-long programs never see expired keys. CMD gets shared files of
                      Latchkey's own: no credentials file, and ~/.aws/config without the
                      default profile's credential settings, so nothing shadows the endpoint.
  --force             run even inside another "latchkey exec"
`,
  serve: `Usage: latchkey serve ROLE... [--port N] [--session NAME]

Serves each role's credentials at a container-credentials endpoint on 127.0.0.1, renewed
before they expire, until stopped (Ctrl-C). Prints, for each role, the two lines a program's
environment needs:
  export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:PORT/latchkey/...
  export AWS_CONTAINER_AUTHORIZATION_TOKEN=...
Every AWS SDK reads them. Requests without the token, addressed to another host, or sent by
a web page (any Origin header) get nothing.

  --port N            the port (default: a free one)
`,
  status: `Usage: latchkey status [--json]

Each SSO session and each active profile with the time left, and the credentials of the
current shell (from "latchkey env" or "latchkey exec") when there are any. Reads files only,
so it is fast enough for a prompt.

  --json              {sessions: [{name, startUrl, signedIn, expiresAt, refreshable,
                      secondsLeft}], profiles: [{profile, source, from, accountId, roleName,
                      expiration, secondsLeft, left}], shell: {role, expiration, secondsLeft,
                      left} | null}
`,
  export: `Usage: latchkey export ROLE... [--profile-prefix P] [--session NAME] [--region REGION] [--yes]
       latchkey export --remove PROFILE... [--yes]

Adds ~/.aws/config profiles for Identity Center roles (sso_session, sso_account_id,
sso_role_name, region), so the AWS CLI and SDKs use them with no static keys. Profiles are
named P + account name + "-" + role name, with any character but letters, digits and
- _ . @ + % : / replaced by "-" (the AWS SDKs read no others); the diff shows the names.
They live in one block between
"# >>> latchkey export >>>" and "# <<< latchkey export <<<"; nothing else in the file changes,
and a name you already use elsewhere in the file is refused.

Prints the change as a diff and writes it only with --yes (or a "y" on the terminal).
  --region REGION     the profiles' region (default: the session's region)
  --remove            take the named profiles out of Latchkey's block
`,
};
