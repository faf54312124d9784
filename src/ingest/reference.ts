// Reference data a bank supplies: the org hierarchy with intensity denominators (docs/design.md §4–5).
import { access } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, literal } from "../db/warehouse.ts";

export const DIM_ORG_COLUMNS = {
  org_code: "VARCHAR",
  org_name_zh: "VARCHAR",
  org_name_en: "VARCHAR",
  org_level: "VARCHAR",
  parent_code: "VARCHAR",
  tier1_code: "VARCHAR",
  region: "VARCHAR",
  province: "VARCHAR",
  customers: "BIGINT",
  outlets: "INTEGER",
} as const;

/** (Re)loads ref.dim_org from the bank's org file; duplicate codes or names fail with the offenders. */
export async function loadDimOrg(connection: DuckDBConnection, path: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new Error(
      `org reference file ${path} is missing: supply the bank's dim_org.csv (format in pipelines/README.md), or run \`kesu demo\` for the sample`,
    );
  }
  const columns = `{${Object.entries(DIM_ORG_COLUMNS)
    .map(([name, type]) => `${literal(name)}: '${type}'`)
    .join(", ")}}`;
  await connection.run("create schema if not exists ref");
  await connection.run(
    `create or replace table ref.dim_org as select * from read_csv(${literal(path)}, header = true, auto_detect = false, delim = ',', quote = '"', columns = ${columns})`,
  );
  // Codes name files and URLs of the site (branch pages): letters, digits, _ and - only, so no code can
  // reach outside the site's folders (a code "/../../x" once wrote x.json beside them).
  const unsafe = await all<{ org_code: string | null; line: number }>(
    connection,
    "select org_code, line from (select org_code, row_number() over () + 1 as line from ref.dim_org) where org_code is null or not regexp_full_match(org_code, '[A-Za-z0-9_-]{1,64}') limit 3",
  );
  if (unsafe.length) {
    throw new Error(
      `org reference file ${path}: org_code on line ${unsafe.map((u) => u.line).join(", ")} is empty or not made of letters, digits, _ and - (at most 64): fix dim_org.csv`,
    );
  }
  const duplicates = await all<{ key: string; n: number }>(
    connection,
    `select 'org_code ' || org_code as key, count(*) as n from ref.dim_org group by org_code having count(*) > 1
     union all select 'org_name_zh ' || org_name_zh, count(*) from ref.dim_org group by org_name_zh having count(*) > 1`,
  );
  if (duplicates.length) {
    throw new Error(`org reference file ${path} has duplicates: ${duplicates.map((d) => `${d.key} ×${d.n}`).join("; ")}`);
  }
}
