import { UpstreamTriageError } from '../../UpstreamTriageError.ts';

/** Base class of the engine's errors; constructors keep `cause` and never log. */
export class EngineError extends UpstreamTriageError {
  override name = 'EngineError';
}

/** An `EngineConfig` key is unknown or its value is invalid; the message names the key. */
export class EngineConfigError extends EngineError {
  override name = 'EngineConfigError';
  constructor(
    readonly key: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
