import { describe, expect, it } from 'vitest';
import { consoleDestination } from '../../../src/core/console/destinations';
import { federationEndpoint } from '../../../src/core/console/federation';
import { createContext } from '../../../src/core/context';
import { consoleHost, partitionOf, signinHost } from '../../../src/core/console/partitions';
import { resolveConsoleService } from '../../../src/core/console/services';
import { latchkeyErrorThrownBy } from '../../helpers/errors';

describe('partitions', () => {
  it('maps regions to their partition', () => {
    expect(partitionOf('us-east-1')).toBe('aws');
    expect(partitionOf('eu-central-2')).toBe('aws');
    expect(partitionOf('ap-southeast-7')).toBe('aws');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOf(' US-EAST-2 ')).toBe('aws');
  });

  it('refuses what is not a region', () => {
    for (const bad of ['', 'us-east', 'useast1', 'us-east-1; rm', 'https://x', 'aws-global', 'us_east_1']) {
      expect(latchkeyErrorThrownBy(() => partitionOf(bad)).code).toBe('BAD_INPUT');
    }
  });

  it('knows the AWS European Sovereign Cloud and the isolated partitions (botocore partitions.json)', () => {
    expect(partitionOf('eusc-de-east-1')).toBe('aws-eusc');
    expect(partitionOf('us-iso-east-1')).toBe('aws-iso');
    expect(partitionOf('us-isob-east-1')).toBe('aws-iso-b');
    expect(partitionOf('eu-isoe-west-1')).toBe('aws-iso-e');
    expect(partitionOf('us-isof-south-1')).toBe('aws-iso-f');
  });

  it('refuses a console in the isolated partitions instead of pretending they are commercial', () => {
    for (const region of ['us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1']) {
      const err = latchkeyErrorThrownBy(() => consoleDestination({ region }));
      expect(err.code).toBe('UNSUPPORTED');
      expect(err.message).toContain(partitionOf(region));
    }
  });

  it('knows each partition’s hosts', () => {
    expect(signinHost('aws')).toBe('signin.aws.amazon.com');
    expect(signinHost('aws-us-gov')).toBe('signin.amazonaws-us-gov.com');
    expect(signinHost('aws-cn')).toBe('signin.amazonaws.cn');
    expect(consoleHost('aws')).toBe('console.aws.amazon.com');
    expect(consoleHost('aws-us-gov')).toBe('console.amazonaws-us-gov.com');
    expect(consoleHost('aws-cn')).toBe('console.amazonaws.cn');
    expect(signinHost('aws-eusc')).toBe('eusc-de-east-1.signin.amazonaws-eusc.eu');
    expect(consoleHost('aws-eusc')).toBe('console.amazonaws-eusc.eu');
  });
});

describe('consoleDestination', () => {
  it('lands regional services in the requested region', () => {
    expect(consoleDestination({ region: 'eu-west-1', service: 'ec2' })).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
    expect(consoleDestination({ region: 'ap-south-1', service: 'lambda' })).toBe('https://ap-south-1.console.aws.amazon.com/lambda/home?region=ap-south-1');
    expect(consoleDestination({ region: 'us-west-2', service: 's3' })).toBe('https://us-west-2.console.aws.amazon.com/s3/home?region=us-west-2');
  });

  it('opens the console home of the region when no service is given', () => {
    expect(consoleDestination({ region: 'eu-north-1' })).toBe('https://eu-north-1.console.aws.amazon.com/console/home?region=eu-north-1');
    expect(consoleDestination({ region: 'eu-north-1', service: '  ' })).toBe('https://eu-north-1.console.aws.amazon.com/console/home?region=eu-north-1');
  });

  it('gives global services no region', () => {
    expect(consoleDestination({ region: 'eu-west-1', service: 'iam' })).toBe('https://console.aws.amazon.com/iam/home');
    expect(consoleDestination({ region: 'eu-west-1', service: 'route53' })).toBe('https://console.aws.amazon.com/route53/home');
    expect(consoleDestination({ region: 'eu-west-1', service: 'organizations' })).toBe('https://console.aws.amazon.com/organizations/home');
    expect(consoleDestination({ region: 'eu-west-1', service: 'billing' })).toBe('https://console.aws.amazon.com/billing/home');
    expect(consoleDestination({ region: 'eu-west-1', service: 'cloudfront' })).toBe('https://console.aws.amazon.com/cloudfront/home');
    expect(consoleDestination({ region: 'eu-west-1', service: 'support' })).toBe('https://console.aws.amazon.com/support/home');
    expect(consoleDestination({ region: 'eu-west-1', service: 'artifact' })).toBe('https://console.aws.amazon.com/artifact/home');
    expect(consoleDestination({ region: 'eu-west-1', service: 'account' })).toBe('https://console.aws.amazon.com/billing/home#/account');
  });

  it('accepts the names people type', () => {
    expect(consoleDestination({ region: 'us-east-1', service: 'EC2' })).toBe('https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1');
    expect(consoleDestination({ region: 'us-east-1', service: 'Route 53' })).toBe('https://console.aws.amazon.com/route53/home');
    expect(consoleDestination({ region: 'us-east-1', service: 'Amazon Route53' })).toBe('https://console.aws.amazon.com/route53/home');
    expect(consoleDestination({ region: 'us-east-1', service: 'CloudWatch' })).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1',
    );
    expect(consoleDestination({ region: 'us-east-1', service: 'logs' })).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups',
    );
    expect(consoleDestination({ region: 'us-east-1', service: 'dynamodb' })).toBe('https://us-east-1.console.aws.amazon.com/dynamodbv2/home?region=us-east-1');
    expect(consoleDestination({ region: 'us-east-1', service: 'Step Functions' })).toBe(
      'https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1',
    );
    expect(consoleDestination({ region: 'us-east-1', service: 'secrets_manager' })).toBe(
      'https://us-east-1.console.aws.amazon.com/secretsmanager/home?region=us-east-1',
    );
    expect(consoleDestination({ region: 'us-east-1', service: 'codebuild' })).toBe(
      'https://us-east-1.console.aws.amazon.com/codesuite/codebuild/home?region=us-east-1',
    );
  });

  it('passes unknown but well-formed services through', () => {
    expect(consoleDestination({ region: 'us-east-2', service: 'iotsitewise' })).toBe(
      'https://us-east-2.console.aws.amazon.com/iotsitewise/home?region=us-east-2',
    );
    expect(consoleDestination({ region: 'us-east-2', service: 'Some-New-Service' })).toBe(
      'https://us-east-2.console.aws.amazon.com/some-new-service/home?region=us-east-2',
    );
  });

  it('refuses service names that cannot be a console path', () => {
    for (const bad of ['ec2/../iam', 'a b c', '//evil.example', 'https://evil.example', 'ec2?x=1']) {
      expect(latchkeyErrorThrownBy(() => consoleDestination({ region: 'us-east-1', service: bad })).code).toBe('BAD_INPUT');
    }
  });

  it('uses the partition’s console host for GovCloud and China', () => {
    expect(consoleDestination({ region: 'us-gov-west-1', service: 'ec2' })).toBe('https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1');
    expect(consoleDestination({ region: 'us-gov-west-1', service: 'iam' })).toBe('https://console.amazonaws-us-gov.com/iam/home');
    expect(consoleDestination({ region: 'us-gov-east-1' })).toBe('https://console.amazonaws-us-gov.com/console/home?region=us-gov-east-1');
    expect(consoleDestination({ region: 'cn-north-1', service: 's3' })).toBe('https://console.amazonaws.cn/s3/home?region=cn-north-1');
    expect(consoleDestination({ region: 'cn-northwest-1', service: 'route 53' })).toBe('https://console.amazonaws.cn/route53/home');
  });

  it('signs in to the AWS European Sovereign Cloud on its own hosts', () => {
    expect(consoleDestination({ region: 'eusc-de-east-1', service: 'ec2' })).toBe('https://console.amazonaws-eusc.eu/ec2/home?region=eusc-de-east-1');
    expect(consoleDestination({ region: 'eusc-de-east-1', service: 'iam' })).toBe('https://console.amazonaws-eusc.eu/iam/home');
    expect(federationEndpoint(createContext({ env: {} }), partitionOf('eusc-de-east-1'))).toBe('https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation');
  });

  it('opens a page inside a service, keeping the region before the fragment', () => {
    expect(consoleDestination({ region: 'eu-west-1', service: 'iam', path: 'home#/roles' })).toBe('https://console.aws.amazon.com/iam/home#/roles');
    expect(consoleDestination({ region: 'eu-west-1', service: 'ec2', path: '/home#Instances:' })).toBe(
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
    );
    expect(consoleDestination({ region: 'eu-west-1', service: 'ec2', path: 'v2/home?tab=x' })).toBe(
      'https://eu-west-1.console.aws.amazon.com/ec2/v2/home?tab=x&region=eu-west-1',
    );
    expect(consoleDestination({ region: 'eu-west-1', service: 'ec2', path: 'home?region=eu-west-1' })).toBe(
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1',
    );
    expect(consoleDestination({ region: 'eu-west-1', path: 'ec2/home' })).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1');
    for (const bad of ['../iam/home', 'home/../../x', 'a b', 'x\\y']) {
      expect(latchkeyErrorThrownBy(() => consoleDestination({ region: 'eu-west-1', service: 'ec2', path: bad })).code).toBe('BAD_INPUT');
    }
  });

  it('resolves services with their global flag', () => {
    expect(resolveConsoleService('IAM')).toEqual({ slug: 'iam', global: true, page: 'home' });
    expect(resolveConsoleService('ec2')).toEqual({ slug: 'ec2', global: false, page: 'home' });
  });
});
