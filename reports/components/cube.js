// The dashboard's cubes in the browser: each Arrow file (mart_cube_monthly, mart_cube_backlog_quarterly,
// mart_cube_response_days; src/publish/cube.ts) read once into typed columns — a dimension as dictionary
// codes, a measure as numbers — so that any filter combination is one pass over the cells adding measures,
// and every tile, chart and table of the page is computed from the same cells for the same scope.
// Rates are divided here from the additive counts named in mart_cube_monthly.sql, never averaged.

/**
 * An Arrow table as columns: `dims` (string columns: codes per cell, the dictionary, with null as the code
 * dictionary.length) and `measures` (number columns as their typed arrays; a column with nulls as
 * Float64Array, null as NaN).
 */
export function cubeOf(table) {
  const n = table.numRows;
  const dims = {};
  const measures = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    if (field.type.dictionary) {
      const dictionary = [];
      const index = new Map();
      const local = vector.data.map((data) =>
        Array.from(data.dictionary.toArray(), (w) => {
          if (!index.has(w)) {
            index.set(w, dictionary.length);
            dictionary.push(w);
          }
          return index.get(w);
        }),
      );
      // one array type for every column, so the pass's loads stay monomorphic (mixed typed-array types made
      // it several times slower in V8)
      const codes = new Int32Array(n);
      let offset = 0;
      vector.data.forEach((data, chunk) => {
        const map = local[chunk];
        for (let i = 0; i < data.length; i++) codes[offset + i] = data.getValid(i) ? map[data.values[i]] : dictionary.length;
        offset += data.length;
      });
      dims[field.name] = { codes, dictionary, runs: runsOf(codes, dictionary.length + 1) };
    } else if (vector.data.every((data) => data.nullCount === 0 && isWhole(data.values))) {
      // counts (Uint8, Uint16 or Int32 as published: src/publish/cube.ts) widened to Int32Array, one type
      const values = new Int32Array(n);
      let offset = 0;
      for (const data of vector.data) {
        values.set(data.values.subarray(0, data.length), offset);
        offset += data.length;
      }
      measures[field.name] = values;
    } else {
      const values = new Float64Array(n);
      let offset = 0;
      for (const data of vector.data) {
        for (let i = 0; i < data.length; i++) values[offset + i] = data.getValid(i) ? Number(data.values[i]) : Number.NaN;
        offset += data.length;
      }
      measures[field.name] = values;
    }
  }
  return { n, dims, measures };
}

/**
 * Where each code's cells are when the rows are ordered by this column (the publisher orders them by tier-1,
 * then tier-2 branch): [start, end) per code, or null when the codes are not in runs (nulls, which no
 * filter names, may be anywhere).
 */
function runsOf(codes, size) {
  const start = new Int32Array(size).fill(-1);
  const end = new Int32Array(size).fill(-1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === size - 1) continue; // null: never a filter's code
    if (start[c] === -1) start[c] = i;
    else if (end[c] !== i) return null; // seen before, and not just before: not one run
    end[c] = i + 1;
  }
  return { start, end };
}

/** An integer array, or floats that are all whole and within Int32. */
function isWhole(values) {
  if (!(values instanceof Float64Array || values instanceof Float32Array)) return !(values instanceof BigInt64Array || values instanceof BigUint64Array);
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i]) || Math.abs(values[i]) >= 2 ** 31) return false;
  return true;
}

/**
 * The grains each cube is published at (src/publish/cube.ts CUBE_LEVELS, checked against the files by
 * test/models/cube.test.ts), coarsest first, with the filter dimensions each has.
 */
export const GRAINS = [
  ["bank", ["intake_channel"]],
  ["tier1", ["region", "tier1_org", "business_category", "cause_code", "intake_channel"]],
  ["full", ["region", "tier1_org", "tier2_org", "business_category", "cause_code", "intake_channel"]],
];

/** The coarsest grain that has every dimension a scope ({ dim: code | null }) filters on. */
export function grainFor(scope) {
  const named = Object.entries(scope)
    .filter(([, v]) => v != null)
    .map(([dim]) => dim);
  return GRAINS.find(([, dims]) => named.every((d) => dims.includes(d)))?.[0] ?? "full";
}

/** The codes a dimension has, in dictionary order (null left out). */
export function codesOf(cube, dim) {
  return cube.dims[dim]?.dictionary.slice() ?? [];
}

/**
 * Sums of `measures` over the cells that pass `where` ({ dim: code | code[] | null }: null or absent = any),
 * grouped by the dimensions `by` (each a dimension name or a measure treated as a key, such as `days`).
 * Returns one row per group present: { [by]: code, [measure]: sum, cells }.
 */
export function aggregate(cube, where, by = [], measures = []) {
  // each filter once: the codes it keeps (a test per cell) and, for a column in runs (one tier-1 branch's
  // cells), the rows those codes occupy — the pass reads the smallest such set of rows, else all of them
  const tests = [];
  let ranges = [[0, cube.n]];
  let rows = cube.n;
  for (const [dim, value] of Object.entries(where ?? {})) {
    if (value == null) continue;
    const column = cube.dims[dim];
    if (!column) throw new Error(`the cube has no dimension ${dim}`);
    const codes = (Array.isArray(value) ? value : [value]).map((v) => column.dictionary.indexOf(v)).filter((c) => c >= 0);
    const allowed = new Uint8Array(column.dictionary.length + 1);
    for (const c of codes) allowed[c] = 1;
    tests.push([column.codes, allowed]);
    if (!column.runs) continue;
    const own = codes.filter((c) => column.runs.start[c] >= 0).map((c) => [column.runs.start[c], column.runs.end[c]]);
    const size = own.reduce((n, [a, b]) => n + b - a, 0);
    if (size < rows) [ranges, rows] = [own, size];
  }
  const keys = by.map((name) => {
    const dim = cube.dims[name];
    if (dim) return { name, codes: dim.codes, size: dim.dictionary.length + 1, decode: (c) => (c === dim.dictionary.length ? null : dim.dictionary[c]) };
    const values = cube.measures[name];
    if (!values) throw new Error(`the cube has no column ${name}`);
    // a numeric key (days): its distinct values as codes, worked out once per column
    const { codes, distinct } = numericCodes(values);
    return { name, codes, size: distinct.length, decode: (c) => (Number.isNaN(distinct[c]) ? null : distinct[c]) };
  });
  const columns = measures.map((m) => {
    const values = cube.measures[m];
    if (!values) throw new Error(`the cube has no measure ${m}`);
    return values;
  });
  const nm = columns.length;
  const width = nm + 1;
  const space = keys.reduce((n, k) => n * k.size, 1);
  // a dense accumulator when the groups are few (the usual case: months × channels), else a map
  const dense = space <= 1 << 16 ? new Float64Array(space * width) : null;
  const sparse = dense ? null : new Map();
  const nt = tests.length;
  const nk = keys.length;
  for (const [from, to] of ranges)
    outer: for (let i = from; i < to; i++) {
      for (let t = 0; t < nt; t++) if (tests[t][1][tests[t][0][i]] === 0) continue outer;
      let key = 0;
      for (let k = 0; k < nk; k++) key = key * keys[k].size + keys[k].codes[i];
      let acc;
      let base = 0;
      if (dense) {
        acc = dense;
        base = key * width;
      } else {
        acc = sparse.get(key);
        if (acc === undefined) {
          acc = new Float64Array(width);
          sparse.set(key, acc);
        }
      }
      for (let m = 0; m < nm; m++) acc[base + m] += columns[m][i];
      acc[base + nm] += 1;
    }
  const groups = dense
    ? Array.from({ length: space }, (_, key) => [key, dense.subarray(key * width, key * width + width)]).filter(([, acc]) => acc[nm] > 0)
    : [...sparse];
  const out = [];
  for (const [key, acc] of groups) {
    const row = {};
    let rest = key;
    for (let k = nk - 1; k >= 0; k--) {
      row[keys[k].name] = keys[k].decode(rest % keys[k].size);
      rest = Math.floor(rest / keys[k].size);
    }
    measures.forEach((m, j) => {
      row[m] = acc[j];
    });
    row.cells = acc[nm];
    out.push(row);
  }
  return out;
}

const NUMERIC_CODES = new WeakMap();

/** A numeric column as codes into its sorted distinct values (NaN last), cached per column. */
function numericCodes(values) {
  let found = NUMERIC_CODES.get(values);
  if (!found && values instanceof Int32Array && values.length) {
    // whole numbers without nulls (days as published): the code is the value less the smallest, no lookup
    let min = values[0];
    let max = values[0];
    for (let i = 1; i < values.length; i++) {
      if (values[i] < min) min = values[i];
      if (values[i] > max) max = values[i];
    }
    if (max - min < 1 << 16) {
      found = { codes: values.map((v) => v - min), distinct: Array.from({ length: max - min + 1 }, (_, i) => min + i) };
      NUMERIC_CODES.set(values, found);
    }
  }
  if (!found) {
    const distinct = [...new Set(values)].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
    const at = new Map(distinct.map((v, i) => [v, i]));
    found = { codes: Int32Array.from(values, (v) => at.get(v)), distinct };
    NUMERIC_CODES.set(values, found);
  }
  return found;
}

/** Sums over the scope, as one row (zeros when no cell passes). */
export function total(cube, where, measures) {
  const [row] = aggregate(cube, where, [], measures);
  return row ?? Object.fromEntries([...measures.map((m) => [m, 0]), ["cells", 0]]);
}

/** numerator / denominator, or null when the denominator is 0 (as the marts' nullif). */
export function ratio(numerator, denominator) {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * A quantile of a histogram ({ value, count } rows, null values left out), interpolated as DuckDB's
 * quantile_cont: position p × (N − 1) in the sorted values, linear between its neighbours.
 */
export function histogramQuantile(rows, p) {
  const bins = rows.filter((r) => r.value != null && r.count > 0).sort((a, b) => a.value - b.value);
  const n = bins.reduce((s, r) => s + r.count, 0);
  if (n === 0) return null;
  const position = p * (n - 1);
  const lower = Math.floor(position);
  const valueAt = (k) => {
    let seen = 0;
    for (const bin of bins) {
      seen += bin.count;
      if (k < seen) return bin.value;
    }
    return bins.at(-1).value;
  };
  const a = valueAt(lower);
  const b = valueAt(Math.min(lower + 1, n - 1));
  return a + (position - lower) * (b - a);
}

/** The months of a quarter ("2025-Q3" → ["2025-07", "2025-08", "2025-09"]). */
export function quarterMonths(quarter) {
  const [year, q] = quarter.split("-Q").map(Number);
  return [1, 2, 3].map((k) => `${year}-${String((q - 1) * 3 + k).padStart(2, "0")}`);
}

/** The quarter a month is in ("2025-08" → "2025-Q3"). */
export function monthQuarter(month) {
  const [year, m] = month.split("-").map(Number);
  return `${year}-Q${Math.ceil(m / 3)}`;
}

/** The quarter `k` quarters before (k = 1: the previous quarter, k = 4: a year earlier). */
export function quarterBefore(quarter, k) {
  const [year, q] = quarter.split("-Q").map(Number);
  const index = year * 4 + (q - 1) - k;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}
