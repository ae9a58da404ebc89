import type { AlertPublisher, OutgoingAlert } from '#functions/adapters/SnsAlertPublisher.ts';
import { alertIdOf } from '#shared/alerts/alertId.ts';
import type { StateStore } from '#shared/engine/store/StateStore.ts';

/**
 * How one call goes wrong:
 * - `fail`: it fails before it lands (refused, connection reset before the request was read);
 * - `lost`: it lands, then the caller gets an error (the response was lost);
 * - `timeout`: it hangs past its timeout after landing (the SDK gives up with a `TimeoutError`);
 * - `timeout-unlanded`: it hangs past its timeout and never lands;
 * - `killed`: it lands and hangs past the FUNCTION's timeout: the invocation dies there, none of its
 *   code runs any more (no catch, no release), and Lambda retries it;
 * - `killed-unlanded`: the same, the call never landing.
 */
export const FAULT_MODES = [
  'fail',
  'lost',
  'timeout',
  'timeout-unlanded',
  'killed',
  'killed-unlanded',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

const LANDS: Record<FaultMode, boolean> = {
  fail: false,
  lost: true,
  timeout: true,
  'timeout-unlanded': false,
  killed: true,
  'killed-unlanded': false,
};

/** The error of an injected fault (named like the SDK's, so code that looks at names sees a real one). */
export class InjectedFault extends Error {
  constructor(
    message: string,
    override readonly name: string,
  ) {
    super(message);
  }
}

/** Thrown by every call of an invocation after it died (Lambda stopped it). */
export class InvocationKilled extends Error {
  override name = 'InvocationKilled';
}

/** One Lambda invocation: its request id (kept by its retries) and whether it died. */
export interface Invocation {
  requestId: string;
  label: string;
  dead: boolean;
  /** Alert ids whose publish landed in this invocation, and those whose claim it confirmed. */
  published: Set<string>;
  confirmed: Set<string>;
}

export interface FaultPlan {
  /** Index of the faulted call among every store and publisher call of the scenario (clean run order). */
  at: number;
  mode: FaultMode;
}

/** What the injected fault hit. */
export interface FiredFault extends FaultPlan {
  call: string;
  invocation: string;
}

/**
 * Counts every store and publisher call of a scenario and injects at most one fault at call `plan.at`.
 * Knows which publishes' outcome a fault hid from the code: the only alerts allowed a second copy.
 */
export class FaultInjector {
  /** Calls so far, in order (`store.claimAlert`, `publish`, ...). */
  readonly calls: string[] = [];
  fired: FiredFault | undefined;
  /** Alert ids that may be published twice: the fault hid whether their publish had gone out. */
  readonly mayRepeat = new Set<string>();

  constructor(readonly plan?: FaultPlan) {}

  async call<T>(invocation: Invocation, name: string, run: () => Promise<T>, alertId?: string): Promise<T> {
    if (invocation.dead) throw new InvocationKilled(`${invocation.label} is dead (${name} not sent)`);
    const index = this.calls.length;
    this.calls.push(name);
    if (this.plan === undefined || this.plan.at !== index)
      return this.#landed(invocation, name, run, alertId);
    const { mode } = this.plan;
    this.fired = { ...this.plan, call: name, invocation: invocation.label };
    if (LANDS[mode]) {
      // What the call returns or throws by itself is lost with the response.
      await this.#landed(invocation, name, run, alertId).catch(() => undefined);
      if (name === 'publish' && alertId !== undefined) this.mayRepeat.add(alertId);
    }
    if (mode === 'killed' || mode === 'killed-unlanded') {
      invocation.dead = true;
      // Its publishes whose confirm never landed: the retry cannot know they went out.
      for (const id of invocation.published) if (!invocation.confirmed.has(id)) this.mayRepeat.add(id);
      throw new InvocationKilled(`${invocation.label} timed out in ${name}`);
    }
    if (mode === 'timeout' || mode === 'timeout-unlanded')
      throw new InjectedFault(`injected: ${name} exceeded its request timeout`, 'TimeoutError');
    throw new InjectedFault(`injected: ${name} failed (${mode})`, 'InjectedFault');
  }

  async #landed<T>(
    invocation: Invocation,
    name: string,
    run: () => Promise<T>,
    alertId?: string,
  ): Promise<T> {
    const out = await run();
    if (name === 'publish' && alertId !== undefined) invocation.published.add(alertId);
    if (name === 'store.confirmAlert' && alertId !== undefined) invocation.confirmed.add(alertId);
    return out;
  }
}

/**
 * The store as one invocation sees it: every method call (whatever methods the port has now or
 * later) goes through the injector, so every call is a fault point.
 */
export function faultyStore<S extends StateStore>(
  store: S,
  injector: FaultInjector,
  invocation: Invocation,
): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const name = `store.${String(property)}`;
      return (...args: unknown[]) => {
        const alertId =
          property === 'confirmAlert' && typeof args[0] === 'string' ? alertIdOf(args[0]) : undefined;
        return injector.call(
          invocation,
          name,
          () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
          alertId,
        );
      };
    },
  });
}

/** A message as the topic received it. */
export interface Delivered {
  /** Wall clock when it landed. */
  at: number;
  alertId: string;
  kind: string;
  subject: string;
}

/** The topic: what landed, in order. */
export class Topic {
  readonly delivered: Delivered[] = [];

  publisher(injector: FaultInjector, invocation: Invocation, clock: () => number): AlertPublisher {
    return {
      publish: (alert: OutgoingAlert) => {
        const alertId = alert.attributes.alertId ?? '';
        return injector.call(
          invocation,
          'publish',
          async () => {
            this.delivered.push({
              at: clock(),
              alertId,
              kind: alert.attributes.kind ?? '',
              subject: alert.subject,
            });
            return `m-${this.delivered.length}`;
          },
          alertId,
        );
      },
    };
  }
}
