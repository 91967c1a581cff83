import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * No import cycle in src, type-only imports included: a cycle makes one module's meaning depend on
 * another that depends on it, and the next refactor pays for it.
 */

const SRC = resolve(__dirname, '..', '..', 'src');
// `import … from './x'`, `import type …`, `export … from './x'` and bare `import './x'`.
const IMPORT = /^\s*(?:import|export)\b[^'";]*?(?:\bfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string {
  const base = resolve(dirname(from), specifier);
  const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => files.has(candidate));
  if (found === undefined) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

/** The import graph of the .ts files under `root`: file → the files it imports. */
export function importGraph(root: string): Map<string, string[]> {
  const files = new Set(sourceFiles(root));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(IMPORT)].map((match) =>
      resolveImport(file, match[1] ?? '', files),
    );
    graph.set(file, imports);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the list of files from its start back to it. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const done = new Set<string>();
  const onPath: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    const at = onPath.indexOf(file);
    if (at !== -1) {
      cycles.push([...onPath.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    onPath.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    onPath.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return cycles;
}

describe('imports in src', () => {
  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('reads every kind of relative import', () => {
    const graph = importGraph(SRC);
    const handler = graph.get(join(SRC, 'http', 'handler.ts')) ?? [];
    // A value import, a type-only import and a directory's index.
    expect(handler).toContain(join(SRC, 'http', 'body.ts'));
    expect(handler).toContain(join(SRC, 'config.ts'));
    expect(graph.get(join(SRC, 'server.ts'))).toContain(join(SRC, 'http', 'operational-routes.ts'));
    expect([...graph.values()].flat()).toContain(join(SRC, 'contract', 'index.ts'));
  });

  it('has no cycle', () => {
    const cycles = cyclesOf(importGraph(SRC)).map((cycle) =>
      cycle.map((file) => relative(SRC, file)).join(' → '),
    );
    expect(cycles).toEqual([]);
  });
});
