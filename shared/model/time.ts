/**
 * Time in the domain model. Every time the engine reasons about is event time (from the log lines),
 * never the wall clock: `EpochMs`. `EpochSeconds` exists for one purpose, DynamoDB's TTL attribute
 * (`expiresAt`).
 */

/** Epoch milliseconds. */
export type EpochMs = number;

/** Epoch seconds (DynamoDB TTL attribute). */
export type EpochSeconds = number;
