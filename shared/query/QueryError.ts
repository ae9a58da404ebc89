import { UpstreamTriageError } from '../UpstreamTriageError.ts';

/** Base class of the query builder's errors; constructors keep `cause` and never log. */
export class QueryError extends UpstreamTriageError {
  override name = 'QueryError';
}

/** A filter value cannot be put into a query (control characters, empty, too long); names the field. */
export class QueryValueError extends QueryError {
  override name = 'QueryValueError';
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A duration such as `--since` is not `<number><s|m|h|d|w>`. */
export class DurationError extends QueryError {
  override name = 'DurationError';
}
