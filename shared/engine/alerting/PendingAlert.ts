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

/** An alert the engine would have sent but held back, for the report. */
export interface SuppressedAlert {
  alert: Alert;
  reason: 'cooldown';
}
