import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Reading a Dockerfile and a .dockerignore the way Docker does, for the test that replays the
 * image recipe without a Docker engine: instructions with their continuation lines joined, stages
 * by FROM, JSON (exec) forms parsed, and the build context filtered by .dockerignore.
 */

export interface Instruction {
  keyword: string;
  /** The arguments, as written (continuations joined with a space). */
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    // A comment line is dropped, even between continuation lines (as Docker does).
    if (/^\s*#/.test(line) || (pending === undefined && line.trim() === '')) return;
    const continued = /\\\s*$/.test(line);
    const part = continued ? line.replace(/\\\s*$/, '') : line;
    pending =
      pending === undefined
        ? { text: part.trim(), line: index + 1 }
        : { text: `${pending.text} ${part.trim()}`, line: pending.line };
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/.exec(pending.text);
    if (match?.[1] !== undefined)
      instructions.push({
        keyword: match[1].toUpperCase(),
        args: (match[2] ?? '').trim(),
        line: pending.line,
      });
    pending = undefined;
  });
  if (pending !== undefined) throw new Error('the Dockerfile ends in a continuation line');

  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match?.[1]) throw new Error(`line ${instruction.line}: cannot read FROM`);
      stages.push({
        image: match[1],
        name: match[2] ?? String(stages.length),
        instructions: [],
      });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined)
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** The JSON array of an exec-form instruction (CMD ["node", "x"]); throws if it is not one. */
export function execForm(args: string): string[] {
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string'))
    throw new Error(`not an exec form: ${args}`);
  return parsed;
}

/** KEY=value pairs of an ENV instruction (the legacy `ENV KEY value` form too). */
export function envOf(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (!args.includes('=')) {
    const [key = '', ...rest] = args.split(/\s+/);
    env[key] = rest.join(' ');
    return env;
  }
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, key = '', value = ''] = match;
    env[key] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return env;
}

export interface Copy {
  /** The stage copied from, or undefined for the build context. */
  from?: string;
  sources: string[];
  destination: string;
}

export function copyOf(args: string): Copy {
  const words = args.startsWith('[') ? execForm(args) : args.split(/\s+/);
  let from: string | undefined;
  const rest: string[] = [];
  for (const word of words) {
    const flag = /^--([a-z-]+)=(.*)$/.exec(word);
    if (flag?.[1] === 'from') from = flag[2];
    else if (flag) throw new Error(`COPY flag not replayed: ${word}`);
    else rest.push(word);
  }
  const destination = rest.pop();
  if (destination === undefined || rest.length === 0) throw new Error(`cannot read COPY ${args}`);
  return { ...(from !== undefined && { from }), sources: rest, destination };
}

/** A .dockerignore as a test of context-relative paths (no `!` exceptions are supported). */
export function dockerignore(text: string): (relative: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((pattern) => {
      if (pattern.startsWith('!')) throw new Error(`exceptions are not replayed: ${pattern}`);
      const clean = path.posix.normalize(pattern).replace(/^\/+|\/+$/g, '');
      const source = clean
        .split('/')
        .map((segment) =>
          segment === '**'
            ? '.*'
            : segment
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/');
      // A pattern excludes what it names and everything below it.
      return new RegExp(`^${source}(/.*)?$`);
    });
  return (relative) => patterns.some((pattern) => pattern.test(relative));
}

/** Every file below `dir`, as paths relative to `root`, with forward slashes. */
export function filesBelow(root: string, dir: string): string[] {
  const absolute = path.join(root, dir);
  if (!statSync(absolute).isDirectory()) return [dir];
  return readdirSync(absolute).flatMap((entry) => filesBelow(root, path.posix.join(dir, entry)));
}
