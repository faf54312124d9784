// The dashboard's filters in the URL query, with canonical codes
// (?quarter=2025-Q3&org=BJ&category=credit_card&channel=hotline; from/to for a month range, region, branch
// for a tier-2 branch, cause, lang), so that a reload or a pasted link restores the view.

/** Each filter's query parameter and the list of choices (in `choices`) a value must be one of. */
export const FILTER_KEYS = {
  quarter: "quarters",
  from: "months",
  to: "months",
  region: "regions",
  org: "orgs",
  branch: "branches",
  category: "categories",
  cause: "causes",
  channel: "channels",
  lang: "langs",
};

/**
 * The filters a query string names, each kept only if it is one of the page's choices (an unknown or stale
 * code is dropped, not shown as an empty scope): { quarter, from, to, region, org, branch, category, cause,
 * channel, lang }, undefined where not named. A month range whose ends are the wrong way round is swapped.
 */
export function filtersFromQuery(search, choices) {
  const q = new URLSearchParams(search);
  const filters = {};
  for (const [key, list] of Object.entries(FILTER_KEYS)) {
    const value = q.get(key);
    filters[key] = value != null && (choices[list] ?? []).includes(value) ? value : undefined;
  }
  if (filters.from && filters.to && filters.from > filters.to) [filters.from, filters.to] = [filters.to, filters.from];
  return filters;
}

/** The query string for the filters, other parameters of `search` kept: the inverse of filtersFromQuery. */
export function queryFromFilters(filters, search = "") {
  const q = new URLSearchParams(search);
  for (const key of Object.keys(FILTER_KEYS)) {
    q.delete(key);
    if (filters[key] != null && filters[key] !== "") q.set(key, filters[key]);
  }
  const text = q.toString();
  return text ? `?${text}` : "";
}
