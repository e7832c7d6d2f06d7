/**
 * The register of low-threshold services: the reach of a service per period, as it may be shown
 * or exported. Visits and participants are counts of real people: 1–4 is hidden, and so is
 * whatever would let a hidden count be worked out (secondary suppression). Participants are not
 * added up over periods (the same person comes back); visits are, with the total suppressed with
 * them. The modelled expectation is not people and is shown as set.
 * @module
 */
import { GENDERS, type Gender, type Reach, type Service } from "./model.js";
import { type Shown, suppressList, suppressTable } from "./suppress.js";

export interface PeriodView {
  period: string;
  visits: Shown;
  ageGroups: string[];
  genders: readonly Gender[];
  /** participants[ageGroup][gender], with totals per age group, per gender and in all. */
  cells: Shown[][];
  rowTotals: Shown[];
  columnTotals: Shown[];
  total: Shown;
}

export interface ReachView {
  periods: PeriodView[];
  /** Visits over all periods. */
  visitsTotal: Shown;
  expectedParticipantsPerYear: number | null;
}

/** The age groups of a service and any others its reports use, in the service's order. */
export function ageGroupsOf(service: Service, reach: readonly Reach[]): string[] {
  const extra = reach.flatMap((r) => Object.keys(r.participants)).filter((g) => !service.ageGroups.includes(g));
  return [...service.ageGroups, ...new Set(extra)];
}

export function reachView(service: Service, reach: readonly Reach[]): ReachView {
  const sorted = [...reach].sort((a, b) => a.period.localeCompare(b.period));
  const groups = ageGroupsOf(service, sorted);
  const visits = suppressList(sorted.map((r) => r.visits));
  return {
    periods: sorted.map((r, i) => {
      const t = suppressTable(groups.map((g) => GENDERS.map((s) => r.participants[g]?.[s] ?? 0)));
      return { period: r.period, visits: visits.counts[i] ?? null, ageGroups: groups, genders: GENDERS, ...t };
    }),
    visitsTotal: visits.total,
    expectedParticipantsPerYear: service.expectedParticipantsPerYear,
  };
}
