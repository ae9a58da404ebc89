import type { Alert } from '../../alerts/index.ts';

/** What the store learns once an alert was published. */
export interface AlertEffect {
  /**
   * Set `alerted[kind]` on this incident; for `resolved`, also close it at `close`, provided no
   * error arrived after `lastSeen` meanwhile; for a correlated incident's update, record what it
   * `announced` (a member count only grows).
   */
  incident?: {
    slot: string;
    seq: number;
    close?: number;
    lastSeen?: number;
    announced?: { members: number; at: number };
  };
  /** Set `digestSent` on this deploy window. */
  window?: { id: string; start: number };
}

/** An alert the engine decided, with what publishing it changes. */
export interface PendingAlert {
  alert: Alert;
  effect: AlertEffect;
}

/**
 * An alert the engine would have sent but held back, for the report. The same alert is held back
 * again at every evaluation until the cooldown ends (a replay reports it once per key): it is
 * rendered when `alert` is first read, not when it is decided.
 */
export interface SuppressedAlert {
  /** The alert's key (`alert.key`), known without rendering it. */
  readonly key: string;
  readonly alert: Alert;
  readonly reason: 'cooldown';
}
