import type { VendorChaos, VendorChaosUpdate } from '../domain/vendor-api.js';

/** The fault injection in force, changeable at runtime (`PUT /v1/chaos`). */
export interface Chaos {
  /** The settings now; an outage is given relative to this moment, and is null once over. */
  settings(): VendorChaos;
  /** Applies the given settings, keeps the rest; an outage counts from now. */
  update(change: VendorChaosUpdate): VendorChaos;
  /** How long the current outage still lasts; 0 when the vendor is up. */
  outageRemainingMs(): number;
}

/** Holds chaos settings; the outage window is kept in absolute time so it can be reported relatively. */
export function createChaos(initial: VendorChaos, now: () => number = Date.now): Chaos {
  let current: Omit<VendorChaos, 'outage'> = { ...initial };
  let outage: { startsAt: number; endsAt: number } | null = null;

  const setOutage = (window: VendorChaos['outage']): void => {
    const at = now();
    outage = window ? { startsAt: at + window.startsInMs, endsAt: at + window.startsInMs + window.durationMs } : null;
  };
  const settings = (): VendorChaos => {
    const at = now();
    if (outage && outage.endsAt <= at) outage = null;
    const reported = outage
      ? { startsInMs: Math.max(0, outage.startsAt - at), durationMs: outage.endsAt - Math.max(at, outage.startsAt) }
      : null;
    return { ...current, outage: reported };
  };
  setOutage(initial.outage);

  return {
    settings,
    update: (change) => {
      const { outage: window, ...rest } = change;
      current = { ...current, ...rest };
      if (window !== undefined) setOutage(window);
      return settings();
    },
    outageRemainingMs: () => {
      const at = now();
      return outage && outage.startsAt <= at && at < outage.endsAt ? outage.endsAt - at : 0;
    },
  };
}
