/**
 * The root of every error upstream-triage throws on purpose, in `shared/`, the CLI, the functions
 * and the stack: `catch (e) { if (e instanceof UpstreamTriageError) ... }` tells ours from a bug or
 * a library's. Each room has its subclasses (`EngineError`, `ReportError`, `QueryError`,
 * `TriageFunctionError`, the CLI's `UsageError`/`InputError`, `ConfigError`); constructors take
 * `ErrorOptions`, so every one keeps its `cause`, and none logs.
 */
export class UpstreamTriageError extends Error {
  override name: string = 'UpstreamTriageError';
}

/**
 * The configuration is wrong (the stack's context or config file, a function's environment);
 * `problems` lists every wrong value at once, each naming its key.
 */
export class ConfigError extends UpstreamTriageError {
  override name: string = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(`invalid upstream-triage configuration:\n  - ${problems.join('\n  - ')}`, options);
    this.problems = problems;
  }
}
