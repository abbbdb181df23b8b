import { LatchkeyError } from '../errors';
import { REGION_SHAPE } from '../validation';

// The three partitions whose consoles Latchkey can sign in to. Each partition has its own
// sign-in and console hosts; a URL for the wrong one simply fails to load.

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

const HOSTS: Record<Partition, { signin: string; console: string }> = {
  aws: { signin: 'signin.aws.amazon.com', console: 'console.aws.amazon.com' },
  'aws-us-gov': { signin: 'signin.amazonaws-us-gov.com', console: 'console.amazonaws-us-gov.com' },
  'aws-cn': { signin: 'signin.amazonaws.cn', console: 'console.amazonaws.cn' },
};

// The isolated (ISO) partitions look like commercial regions but have no public console.
const ISOLATED_REGION = /^[a-z]{2}-iso[a-z]?-/;

/** Trims and lower-cases a region name, refusing anything that is not shaped like one. */
export function normalizeRegion(region: string): string {
  const normalized = region.trim().toLowerCase();
  if (!REGION_SHAPE.test(normalized)) {
    throw new LatchkeyError('BAD_INPUT', `"${region}" is not an AWS region name.`, {
      hint: 'Use a region name such as us-east-1, eu-west-1 or us-gov-west-1.',
    });
  }
  if (ISOLATED_REGION.test(normalized)) {
    throw new LatchkeyError('UNSUPPORTED', `Region ${normalized} is in an isolated AWS partition, which has no public console.`, {
      hint: 'Latchkey opens consoles in the aws, aws-us-gov and aws-cn partitions only.',
    });
  }
  return normalized;
}

export function partitionOf(region: string): Partition {
  const normalized = normalizeRegion(region);
  if (normalized.startsWith('us-gov-')) return 'aws-us-gov';
  if (normalized.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

export function signinHost(p: Partition): string {
  return HOSTS[p].signin;
}

export function consoleHost(p: Partition): string {
  return HOSTS[p].console;
}
