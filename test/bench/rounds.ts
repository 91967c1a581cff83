import type { Target } from './scenarios';

/** The order of the runs within a round: pure, so it is unit-tested. */

/** A process measured: a target, or the gateway with the slow log reader. */
export type Measured = Target | 'slowLog';

export const TARGETS: readonly Target[] = ['proxy', 'floor', 'gateway'];

/**
 * The runs of one round at one concurrency. The targets rotate by one each round, so over three
 * rounds each runs first, second and third once and a drift of the machine favours none. At the
 * headline concurrency the slow-log gateway runs right after the gateway, so the two see the same
 * machine; it runs there only, since its figure is one ratio.
 */
export function roundOrder(round: number, headline: boolean): Measured[] {
  const shift = (((round - 1) % TARGETS.length) + TARGETS.length) % TARGETS.length;
  const rotated = [...TARGETS.slice(shift), ...TARGETS.slice(0, shift)];
  return rotated.flatMap((t): Measured[] => (t === 'gateway' && headline ? [t, 'slowLog'] : [t]));
}
