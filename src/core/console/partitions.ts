import { LatchkeyError } from '../errors';
import { REGION_SHAPE } from '../validation';

// AWS partitions and the hosts of their console sign-in. Each partition has its own sign-in
// and console hosts; a URL for the wrong one simply fails to load.
//
// Sources, checked for every row:
// - which regions belong to which partition: `regionRegex` in botocore/data/partitions.json;
// - sign-in hosts: the AWS SDK's endpoint rules for the `signin` service and AWS's "AWS Sign-In
//   endpoints" page (signin.aws.amazon.com for us-east-1, signin.amazonaws-us-gov.com,
//   signin.amazonaws.cn). aws-eusc has no global host. The JS SDK's current rules
//   (@aws-sdk/nested-clients signin/endpoint) give `{Region}.signin.amazonaws-eusc.eu`, and AWS's
//   documentation links the partition's sign-in as https://eusc-de-east-1.signin.amazonaws-eusc.eu/
//   (AWS Marketplace Seller Guide, "AWS European Sovereign Cloud"); botocore 1.43's older rules
//   (data/signin/2023-01-01) fall back to `signin.{Region}.amazonaws.eu` for any newer
//   partition, which nothing else names, so Latchkey follows the first two. The region is the
//   partition's `implicitGlobalRegion` in partitions.json.
// - console hosts: AWS's "AWS Management Console endpoints" page (aws: `{region}.console.
//   aws.amazon.com`), console.amazonaws-us-gov.com, console.amazonaws.cn, and for aws-eusc
//   console.amazonaws-eusc.eu (AWS's ESC edition of its Marketplace SaaS integration sample,
//   aws-samples, "Console URLs"; the console's own scripts use the `.amazonaws-eusc.eu`
//   domain). AWS's endpoint tables do not list an ESC console yet, so Latchkey keeps to the
//   plain host with `?region=`, which every console honours.
// - the ISO partitions: the SDK's sign-in rules name their hosts (`{region}.signin.c2shome.
//   ic.gov`, …), but AWS publishes no console host for them, so Latchkey opens no console there.
// - sign-out hosts (`/oauth?Action=logout`): us-east-1.signin.aws.amazon.com per the ByteNess
//   aws-vault fork and Leapp; signin.amazonaws-us-gov.com per aws-sso-util; signin.amazonaws.cn
//   per wakeful/aws-console. Nothing public names one for aws-eusc: Latchkey uses its sign-in host.

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-eusc' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

interface PartitionInfo {
  regions: RegExp;
  /** The federation host (sign-in tokens and the login redirect). */
  signin: string;
  /** The host of the console sign-out (`/oauth?Action=logout`). */
  signOut: string;
  /** The console host; undefined where AWS publishes none. */
  console?: string;
  /** Regional pages live on `{region}.{console}` (global services stay on the plain host). */
  regionalConsole: boolean;
}

// Most specific first: us-gov, us-iso* and eusc before the commercial catch-all.
const PARTITIONS: [Partition, PartitionInfo][] = [
  [
    'aws-us-gov',
    {
      regions: /^us-gov-\w+-\d+$/,
      signin: 'signin.amazonaws-us-gov.com',
      signOut: 'signin.amazonaws-us-gov.com',
      console: 'console.amazonaws-us-gov.com',
      regionalConsole: false,
    },
  ],
  [
    'aws-cn',
    { regions: /^cn-\w+-\d+$/, signin: 'signin.amazonaws.cn', signOut: 'signin.amazonaws.cn', console: 'console.amazonaws.cn', regionalConsole: false },
  ],
  [
    'aws-eusc',
    {
      regions: /^eusc-de-\w+-\d+$/,
      signin: 'eusc-de-east-1.signin.amazonaws-eusc.eu',
      signOut: 'eusc-de-east-1.signin.amazonaws-eusc.eu',
      console: 'console.amazonaws-eusc.eu',
      regionalConsole: false,
    },
  ],
  [
    'aws-iso',
    { regions: /^us-iso-\w+-\d+$/, signin: 'us-iso-east-1.signin.c2shome.ic.gov', signOut: 'us-iso-east-1.signin.c2shome.ic.gov', regionalConsole: false },
  ],
  [
    'aws-iso-b',
    {
      regions: /^us-isob-\w+-\d+$/,
      signin: 'us-isob-east-1.signin.sc2shome.sgov.gov',
      signOut: 'us-isob-east-1.signin.sc2shome.sgov.gov',
      regionalConsole: false,
    },
  ],
  [
    'aws-iso-e',
    {
      regions: /^eu-isoe-\w+-\d+$/,
      signin: 'eu-isoe-west-1.signin.csphome.adc-e.uk',
      signOut: 'eu-isoe-west-1.signin.csphome.adc-e.uk',
      regionalConsole: false,
    },
  ],
  [
    'aws-iso-f',
    {
      regions: /^us-isof-\w+-\d+$/,
      signin: 'us-isof-south-1.signin.csphome.hci.ic.gov',
      signOut: 'us-isof-south-1.signin.csphome.hci.ic.gov',
      regionalConsole: false,
    },
  ],
  // botocore resolves any other region-shaped name to the commercial partition.
  [
    'aws',
    {
      regions: /^[a-z]{2}-\w+-\d+$/,
      signin: 'signin.aws.amazon.com',
      signOut: 'us-east-1.signin.aws.amazon.com',
      console: 'console.aws.amazon.com',
      regionalConsole: true,
    },
  ],
];

/** Trims and lower-cases a region name, refusing anything that is not shaped like one. */
export function normalizeRegion(region: string): string {
  const normalized = region.trim().toLowerCase();
  if (!REGION_SHAPE.test(normalized)) {
    throw new LatchkeyError('BAD_INPUT', `"${region}" is not an AWS region name.`, {
      hint: 'Use a region name such as us-east-1, eu-west-1, us-gov-west-1 or eusc-de-east-1.',
    });
  }
  return normalized;
}

export function partitionOf(region: string): Partition {
  const normalized = normalizeRegion(region);
  return (PARTITIONS.find(([, p]) => p.regions.test(normalized)) ?? PARTITIONS[PARTITIONS.length - 1]!)[0];
}

function info(p: Partition): PartitionInfo {
  return PARTITIONS.find(([id]) => id === p)![1];
}

export function signinHost(p: Partition): string {
  return info(p).signin;
}

export function signOutHost(p: Partition): string {
  return info(p).signOut;
}

/** The console host; UNSUPPORTED for a partition with no public console (the ISO partitions). */
export function consoleHost(p: Partition): string {
  const host = info(p).console;
  if (!host) {
    throw new LatchkeyError('UNSUPPORTED', `The ${p} partition is isolated and has no public AWS console that Latchkey can open.`, {
      hint: 'Latchkey opens consoles in the aws, aws-us-gov, aws-cn and aws-eusc partitions.',
    });
  }
  return host;
}

/** The console host for a regional page: `{region}.{console}` where the partition has those. */
export function regionalConsoleHost(p: Partition, region: string): string {
  const host = consoleHost(p);
  return info(p).regionalConsole ? `${region}.${host}` : host;
}
