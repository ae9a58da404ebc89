import { UpstreamTriageError } from '#shared/UpstreamTriageError.ts';

/**
 * Errors of the Lambda runtime. One base class, `TriageFunctionError` (an `UpstreamTriageError`), and
 * specific subclasses that keep their `cause`. Constructors never log: the handler lets the error escape so Lambda records it, retries the
 * asynchronous invocation twice, and then hands the event to the on-failure destination.
 */

/** Base class of every error the functions throw on purpose. */
export class TriageFunctionError extends UpstreamTriageError {
  override readonly name: string = 'TriageFunctionError';
}

/**
 * The subscription payload could not be read. Thrown, never swallowed: a payload that cannot be decoded is
 * kept by the on-failure destination instead of being dropped. (Individual junk LINES are not errors: they
 * are counted as `unparsed`.)
 */
export class IngestError extends TriageFunctionError {
  override readonly name: string = 'IngestError';
}

/** `awslogs.data` is not base64 text. */
export class PayloadNotBase64Error extends IngestError {
  override readonly name: string = 'PayloadNotBase64Error';
}

/** `awslogs.data` is base64 but its bytes are not a gzip stream. */
export class PayloadNotGzipError extends IngestError {
  override readonly name: string = 'PayloadNotGzipError';
}

/** The gzip stream inflates past the limit the function accepts (a corrupt or hostile payload). */
export class PayloadTooLargeError extends IngestError {
  override readonly name: string = 'PayloadTooLargeError';
}

/** The inflated payload is not JSON. */
export class PayloadNotJsonError extends IngestError {
  override readonly name: string = 'PayloadNotJsonError';
}

/** The JSON is not a CloudWatch Logs subscription message; `path` names the first offending field. */
export class PayloadShapeError extends IngestError {
  override readonly name: string = 'PayloadShapeError';
  /** Dotted path of the first invalid field, e.g. `logEvents.0.timestamp`; empty for the root. */
  readonly path: string;

  constructor(message: string, path: string, options?: ErrorOptions) {
    super(message, options);
    this.path = path;
  }
}

/** An EventBridge event the deploy-events function was routed but cannot read. */
export class DeployEventError extends TriageFunctionError {
  override readonly name: string = 'DeployEventError';
}

/** One or more environment variables are missing or invalid: the one `ConfigError`, its `problems` name every one. */
export { ConfigError } from '#shared/UpstreamTriageError.ts';

/** SNS refused or could not take a message after the SDK's own retries. */
export class PublishError extends TriageFunctionError {
  override readonly name: string = 'PublishError';
}

/** A DynamoDB call failed for a reason other than a lost conditional write. */
export class StoreError extends TriageFunctionError {
  override readonly name: string = 'StoreError';
}
