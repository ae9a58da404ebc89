/** Writes one structured log record. The handlers take this as a dependency so tests can collect records. */
export type JsonLineWriter = (record: object) => void;

/**
 * One JSON object per line, straight to stdout. Not `console.log`: under Lambda's JSON log format the
 * runtime wraps console output into `{"message": "<our JSON as a string>"}`, and Logs Insights would no
 * longer see `cause`, `status`, ... as fields. A line written to stdout stays a top-level JSON object;
 * Lambda treats it as INFO (keep the application log level at INFO or lower, or it is dropped).
 */
export const writeJsonLine: JsonLineWriter = (record) => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};
