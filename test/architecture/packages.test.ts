// The packages of src/ (its folders) import each other without a cycle: each can be read, tested and
// changed from the bottom up. A cycle (config → ingest → config, publish ↔ schedule) tied them together.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** package → the other packages its files import ("../<package>/…"). */
function packageGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const entry of readdirSync(SRC, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const uses = new Set<string>();
    for (const file of readdirSync(join(SRC, entry.name), { recursive: true }) as string[]) {
      if (!file.endsWith(".ts")) continue;
      const text = readFileSync(join(SRC, entry.name, file), "utf8");
      for (const m of text.matchAll(/from "(?:\.\.\/)+([a-z_]+)\//g)) if (m[1] !== entry.name) uses.add(m[1]!);
    }
    graph.set(entry.name, uses);
  }
  return graph;
}

/** Every cycle's packages, as found by a depth-first search (empty when the graph is acyclic). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe("src packages", () => {
  it("import each other without a cycle", () => {
    const graph = packageGraph();
    expect(graph.get("ingest")?.has("db")).toBe(true); // the scan sees imports at all
    expect(cycles(graph)).toEqual([]);
  });

  it("the cycle finder finds a cycle", () => {
    const graph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
      ["d", new Set(["a"])],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c", "a"]]);
  });
});
