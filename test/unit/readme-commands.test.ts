import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/entry-process';

/**
 * The README's commands and the documentation's links, held to the repository: the two first
 * commands are what package.json and .ci/run run, every `npm run X` in the README and docs/ names a
 * real script, every relative link names a file that exists (and a heading of it, for `#anchor`s),
 * and the dev-only log printer stays out of the gateway.
 */

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const { scripts, dependencies, devDependencies } = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function markdownFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(path.join(ROOT, file)).isDirectory()) return markdownFiles(file);
    return name.endsWith('.md') ? [file] : [];
  });
}
const DOCUMENTS = ['README.md', ...markdownFiles('docs')];
// docs/reference/ keeps ThoughtSpot's own pages as published, links into their repository included.
const OURS = DOCUMENTS.filter((file) => !file.startsWith(path.join('docs', 'reference')));

/** A Markdown file's lines outside fenced code blocks, and the fenced blocks themselves. */
function split(text: string): { prose: string[]; blocks: string[][] } {
  const prose: string[] = [];
  const blocks: string[][] = [];
  let block: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) {
      if (block) blocks.push(block);
      block = block ? undefined : [];
    } else if (block) block.push(line);
    else prose.push(line);
  }
  return { prose, blocks };
}

/** GitHub's anchors for a file's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of split(read(file)).prose) {
    const heading = /^#{1,6} (.+)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

describe("the README's two commands", () => {
  const [first] = split(read('README.md')).blocks;
  const commands = (first ?? []).map((line) => line.replace(/#.*$/, '').trim());

  it('are the first block: install and run the gateway, install and run the tests', () => {
    expect(commands).toEqual([
      'npm ci && npm start',
      'bash .ci/install-chromium && npm ci && npm test',
    ]);
  });

  it('are what package.json runs: a build, then the gateway; the builds and Hive Gateway, then jest', () => {
    expect(scripts.prestart).toMatch(/^tsc -b tsconfig\.build\.json$/);
    expect(scripts.start).toBe('node dist/index.js');
    expect(scripts.pretest).toBe(
      'npm run build --silent && npm run tools:build --silent && bash .ci/install-hive-gateway',
    );
    expect(scripts.test).toBe('jest');
  });

  it('are the steps .ci/run runs', () => {
    const run = read('.ci/run');
    expect(run).toContain('\nif ! npm ci ');
    expect(run).toContain('\nstep chromium bash .ci/install-chromium\n');
    expect(run).toMatch(/\nstep test npm test( |\n)/);
  });
});

describe('the documentation', () => {
  it.each(DOCUMENTS)('%s runs only scripts package.json has', (file) => {
    const named = [...read(file).matchAll(/\bnpm run (\w[\w-]*(?::\w[\w-]*)*)/g)].map(
      (m) => m[1] ?? '',
    );
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });

  it.each(OURS)('%s links only to files and headings that exist', (file) => {
    const broken: string[] = [];
    for (const line of split(read(file)).prose) {
      for (const [, target = ''] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [where = '', anchor] = target.split('#');
        const linked = where === '' ? file : path.join(path.dirname(file), where);
        if (!existsSync(path.join(ROOT, linked))) broken.push(target);
        else if (anchor !== undefined && !anchors(linked).has(anchor)) broken.push(target);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the dev log printer', () => {
  it('is a dev dependency the dev script pipes to, and nothing under src/ names it', () => {
    expect(devDependencies).toHaveProperty('pino-pretty');
    expect(dependencies).not.toHaveProperty('pino-pretty');
    expect(scripts.dev).toMatch(/ \| pino-pretty /);
    const sources = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir)).flatMap((name) => {
        const file = path.join(dir, name);
        return statSync(path.join(ROOT, file)).isDirectory() ? sources(file) : [file];
      });
    expect(sources('src').filter((file) => read(file).includes('pino-pretty'))).toEqual([]);
  });
});
