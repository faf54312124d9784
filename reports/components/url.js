// The dashboard's filters in the URL query, with canonical codes (?quarter=2025-Q3&org=BJ&category=credit_card
// &channel=hotline, or region=华东 instead of org), so that a reload or a pasted link restores the view.

const KEYS = ["quarter", "org", "region", "category", "channel"];

/**
 * The filters a query string names, each kept only if it is one of the page's choices (an unknown or stale
 * code is dropped, not shown as an empty scope): { quarter, scope: "org:BJ" | "region:华东" | null, category, channel }.
 */
export function filtersFromQuery(search, choices) {
  const q = new URLSearchParams(search);
  const pick = (value, list) => (value != null && list.includes(value) ? value : undefined);
  const org = q.get("org");
  const region = q.get("region");
  const scope = org != null ? `org:${org}` : region != null ? `region:${region}` : null;
  return {
    quarter: pick(q.get("quarter"), choices.quarters),
    scope: scope != null && choices.scopes.includes(scope) ? scope : undefined,
    category: pick(q.get("category"), choices.categories),
    channel: pick(q.get("channel"), choices.channels),
  };
}

/** The query string for the filters, other parameters of `search` kept: the inverse of filtersFromQuery. */
export function queryFromFilters(filters, search = "") {
  const q = new URLSearchParams(search);
  for (const key of KEYS) q.delete(key);
  if (filters.quarter) q.set("quarter", filters.quarter);
  if (filters.scope?.startsWith("org:")) q.set("org", filters.scope.slice(4));
  else if (filters.scope?.startsWith("region:")) q.set("region", filters.scope.slice(7));
  if (filters.category) q.set("category", filters.category);
  if (filters.channel) q.set("channel", filters.channel);
  const text = q.toString();
  return text ? `?${text}` : "";
}
