/** One IAM grant that is wider than one named action on named resources. */
export interface WildcardGrant {
  resource: string;
  what: string;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
type Statement = {
  Effect?: string;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
};

/**
 * Walks every identity policy of a template (AWS::IAM::Policy, AWS::IAM::ManagedPolicy, inline
 * policies of roles, users and groups) and lists each Allow statement with a wildcard action
 * (`*`, `service:*`, `kms:GenerateDataKey*`), a NotAction/NotResource, or a `*` resource.
 * Resource policies (key, topic, queue) are not identity grants and are checked on their own.
 */
export function findWildcardGrants(resources: Resources): WildcardGrant[] {
  const found: WildcardGrant[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    for (const document of documentsOf(resource)) {
      for (const statement of [document.Statement ?? []].flat() as Statement[]) {
        if (statement.Effect !== 'Allow') continue;
        if (statement.NotAction !== undefined) found.push({ resource: id, what: 'NotAction' });
        if (statement.NotResource !== undefined) found.push({ resource: id, what: 'NotResource' });
        for (const action of [statement.Action ?? []].flat()) {
          if (typeof action !== 'string' || action.includes('*'))
            found.push({ resource: id, what: `Action ${JSON.stringify(action)}` });
        }
        for (const target of [statement.Resource ?? []].flat()) {
          if (target === '*') found.push({ resource: id, what: 'Resource "*"' });
        }
      }
    }
  }
  return found;
}

function documentsOf(resource: Resources[string]): { Statement?: unknown }[] {
  const props = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
      return [props.PolicyDocument as { Statement?: unknown }];
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      return ((props.Policies as { PolicyDocument: { Statement?: unknown } }[] | undefined) ?? []).map(
        (p) => p.PolicyDocument,
      );
    default:
      return [];
  }
}
