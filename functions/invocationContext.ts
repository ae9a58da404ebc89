/** What the handlers read of Lambda's context (absent in tests that do not care). */
export interface InvocationContext {
  /** Kept by Lambda's retries of an asynchronous invocation: the owner of this invocation's alert claims. */
  awsRequestId?: string;
  /** Time left before the function's timeout: no alert is started without time to settle it. */
  getRemainingTimeInMillis?: () => number;
}

/** The context's clock of time left, called as a method (Lambda's may use `this`); undefined without one. */
export function remainingTimeOf(context: InvocationContext | undefined): (() => number) | undefined {
  const read = context?.getRemainingTimeInMillis;
  return read === undefined ? undefined : () => read.call(context);
}
