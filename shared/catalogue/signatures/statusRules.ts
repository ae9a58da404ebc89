import type { CauseId, Phase, StatusRule } from '../../model/index.ts';

/**
 * Status rules shared by many signatures. nginx turns a failure into 502/504 only while it still owns the
 * response: before the backend's header was accepted. Once headers went out ("while reading upstream") or
 * the failure is on the client side, the line implies no status of its own.
 */

/** 502 while connecting, handshaking, sending or reading the header; none after the status was sent. */
export const BAD_GATEWAY_BEFORE_BODY: StatusRule = {
  byPhase: { body: null, client: null, other: null },
  otherwise: 502,
};

/** 504 for a timeout before the header arrived; none after the status was sent. */
export const GATEWAY_TIMEOUT_BEFORE_BODY: StatusRule = {
  byPhase: { body: null, client: null, other: null },
  otherwise: 504,
};

/** 500 when the failure happens while setting up the backend connection (NGX_ERROR from the connect). */
export const INTERNAL_ERROR_WHILE_CONNECTING: StatusRule = { byPhase: { connect: 500 }, otherwise: null };

/** A failure while the body streams is a look-alike: the client already had its status. */
export const BODY_IS_AFTER_STATUS: Partial<Record<Phase, CauseId>> = { body: 'upstream_body_error' };
