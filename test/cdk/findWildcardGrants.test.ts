import { describe, expect, it } from 'vitest';
import { findWildcardGrants } from './findWildcardGrants.ts';

const policy = (Statement: unknown) => ({
  P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement } } },
});

describe('findWildcardGrants (the walker the least-privilege test relies on)', () => {
  it.each([
    ['Action *', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }, 'Action "*"'],
    [
      'service:*',
      { Effect: 'Allow', Action: ['sqs:SendMessage', 's3:*'], Resource: 'arn:aws:s3:::b' },
      'Action "s3:*"',
    ],
    [
      'a partial wildcard',
      { Effect: 'Allow', Action: 'kms:GenerateDataKey*', Resource: 'arn' },
      'Action "kms:GenerateDataKey*"',
    ],
    ['Resource *', { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }, 'Resource "*"'],
    ['NotAction', { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn' }, 'NotAction'],
  ])('flags %s', (_name, statement, what) => {
    expect(findWildcardGrants(policy([statement]))).toEqual([{ resource: 'P', what }]);
  });

  it('flags inline role policies too', () => {
    const resources = {
      R: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: [
            {
              PolicyName: 'x',
              PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn' }] },
            },
          ],
        },
      },
    };
    expect(findWildcardGrants(resources)).toEqual([{ resource: 'R', what: 'Action "dynamodb:*"' }]);
  });

  it('passes named actions on named resources, and ignores Deny and resource policies', () => {
    const resources = {
      ...policy([
        { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['G', 'Arn'] } },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ]),
      K: {
        Type: 'AWS::KMS::Key',
        Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } },
      },
    };
    expect(findWildcardGrants(resources)).toEqual([]);
  });
});
