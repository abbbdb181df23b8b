import { LatchkeyError } from '../errors';
import { quoteInput } from '../validation';

// Console services by the names people type. A console "slug" is the first path segment of
// the service's console (https://console.aws.amazon.com/{slug}/home); it often differs from
// the API name (dynamodb → dynamodbv2, opensearch → aos, step functions → states).

export interface ConsoleService {
  /** Path under the console host, e.g. "ec2" or "codesuite/codebuild". */
  slug: string;
  /** Global services live on the plain console host and take no `region` parameter. */
  global: boolean;
  /** The page under the slug; "home" for almost every service. */
  page: string;
  /** A client-side route inside the console page (after '#'), e.g. CloudWatch Logs. */
  fragment?: string;
}

/**
 * Services whose console has no region. Built from the services the AWS SDKs' endpoint data
 * (botocore endpoints.json: `isRegionalized: false` / a `partitionEndpoint`) lists as global
 * in the aws, aws-us-gov or aws-cn partition, mapped to their console slugs, plus consoles
 * that are global although their APIs are pinned to one region (support, artifact, trusted
 * advisor, marketplace). S3 and STS are deliberately absent: the S3 console uses the region
 * (e.g. for new buckets) and STS has no console.
 */
const GLOBAL_SLUGS = new Set([
  'iam',
  'organizations',
  'route53',
  'cloudfront',
  'billing',
  'costmanagement',
  'support',
  'artifact',
  'trustedadvisor',
  'health',
  'marketplace',
  'chime',
  'globalaccelerator',
  'networkmanager',
]);

type Alias = string | { slug: string; page?: string; fragment?: string };

/** Keys are compacted names (see `compact`); values are slugs or slug + page/fragment. */
const ALIASES: Record<string, Alias> = {
  // global
  iam: 'iam',
  organizations: 'organizations',
  orgs: 'organizations',
  route53: 'route53',
  dns: 'route53',
  cloudfront: 'cloudfront',
  cdn: 'cloudfront',
  billing: 'billing',
  bills: 'billing',
  billingandcostmanagement: 'billing',
  account: { slug: 'billing', fragment: '/account' },
  budgets: { slug: 'billing', fragment: '/budgets' },
  costmanagement: 'costmanagement',
  costexplorer: 'costmanagement',
  ce: 'costmanagement',
  savingsplans: 'costmanagement',
  support: 'support',
  artifact: 'artifact',
  trustedadvisor: 'trustedadvisor',
  health: 'health',
  personalhealthdashboard: 'health',
  phd: 'health',
  marketplace: 'marketplace',
  chime: 'chime',
  globalaccelerator: 'globalaccelerator',
  networkmanager: 'networkmanager',
  // regional
  ec2: 'ec2',
  elb: { slug: 'ec2', fragment: 'LoadBalancers:' },
  loadbalancers: { slug: 'ec2', fragment: 'LoadBalancers:' },
  autoscaling: { slug: 'ec2', fragment: 'AutoScalingGroups:' },
  asg: { slug: 'ec2', fragment: 'AutoScalingGroups:' },
  vpc: 'vpc',
  s3: 's3',
  lambda: 'lambda',
  cloudwatch: 'cloudwatch',
  cw: 'cloudwatch',
  logs: { slug: 'cloudwatch', fragment: 'logsV2:log-groups' },
  cloudwatchlogs: { slug: 'cloudwatch', fragment: 'logsV2:log-groups' },
  dynamodb: 'dynamodbv2',
  ddb: 'dynamodbv2',
  rds: 'rds',
  aurora: 'rds',
  redshift: 'redshiftv2',
  elasticache: 'elasticache',
  opensearch: 'aos',
  elasticsearch: 'aos',
  es: 'aos',
  cloudformation: 'cloudformation',
  cfn: 'cloudformation',
  ecs: 'ecs',
  eks: 'eks',
  ecr: 'ecr',
  batch: 'batch',
  sqs: 'sqs',
  sns: 'sns',
  ses: 'ses',
  eventbridge: 'events',
  events: 'events',
  stepfunctions: 'states',
  sfn: 'states',
  states: 'states',
  apigateway: 'apigateway',
  apigw: 'apigateway',
  kms: 'kms',
  secretsmanager: 'secretsmanager',
  secrets: 'secretsmanager',
  ssm: 'systems-manager',
  systemsmanager: 'systems-manager',
  parameterstore: { slug: 'systems-manager', page: 'parameters' },
  acm: 'acm',
  certificatemanager: 'acm',
  cloudtrail: 'cloudtrail',
  config: 'config',
  guardduty: 'guardduty',
  securityhub: 'securityhub',
  accessanalyzer: 'access-analyzer',
  waf: { slug: 'wafv2', page: 'homev2' },
  wafv2: { slug: 'wafv2', page: 'homev2' },
  sso: 'singlesignon',
  identitycenter: 'singlesignon',
  iamidentitycenter: 'singlesignon',
  singlesignon: 'singlesignon',
  cognito: 'cognito',
  athena: 'athena',
  glue: 'glue',
  kinesis: 'kinesis',
  msk: 'msk',
  kafka: 'msk',
  emr: 'emr',
  sagemaker: 'sagemaker',
  bedrock: 'bedrock',
  efs: 'efs',
  backup: 'backup',
  xray: 'xray',
  cloudshell: 'cloudshell',
  servicequotas: 'servicequotas',
  codecommit: 'codesuite/codecommit',
  codebuild: 'codesuite/codebuild',
  codepipeline: 'codesuite/codepipeline',
  codedeploy: 'codesuite/codedeploy',
  codeartifact: 'codesuite/codeartifact',
};

// A slug as the console spells it: lower-case words joined by hyphens, optionally nested.
const SLUG_SHAPE = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

/** "Route 53", "route_53", "Amazon Route53", "AWS Step-Functions" → "route53", "stepfunctions". */
function compact(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^(aws|amazon)[\s_-]+/, '')
    .replace(/[\s_.-]+/g, '');
}

/** The console service a person means; unknown but slug-shaped names pass through unchanged. */
export function resolveConsoleService(name: string): ConsoleService {
  const alias = ALIASES[compact(name)];
  if (alias !== undefined) {
    const { slug, page, fragment } = typeof alias === 'string' ? { slug: alias, page: undefined, fragment: undefined } : alias;
    const service: ConsoleService = { slug, global: GLOBAL_SLUGS.has(slug), page: page ?? 'home' };
    if (fragment !== undefined) service.fragment = fragment;
    return service;
  }
  const slug = name.trim().toLowerCase();
  if (!SLUG_SHAPE.test(slug)) {
    throw new LatchkeyError('BAD_INPUT', `${quoteInput(name)} is not a console service name.`, {
      hint: 'Use the name from the console URL, such as ec2, s3, lambda, iam or cloudwatch.',
    });
  }
  return { slug, global: GLOBAL_SLUGS.has(slug), page: 'home' };
}
