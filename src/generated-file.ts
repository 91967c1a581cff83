import { readFile, writeFile } from 'node:fs/promises';

/** A committed file the code generates, with its write and drift-check commands. */
export interface GeneratedFile {
  /** Absolute path. */
  path: string;
  /** How messages name it: its path in the repository. */
  name: string;
  /** What it is generated from, as the drift message says it: "the schema the code builds". */
  source: string;
  /** The npm script that rewrites it. */
  writeCommand: string;
  /** Its expected content, from what is committed ('' when there is none). */
  produce(committed: string): Promise<string>;
}

/**
 * The one main of every generated file: with `--check`, exits 1 when the committed file differs
 * from what the code produces; without, rewrites it.
 */
export function runGeneratedFile(file: GeneratedFile, argv = process.argv): void {
  const check = argv.includes('--check');
  const run = async (): Promise<number> => {
    const committed = await readFile(file.path, 'utf8').catch(() => '');
    const content = await file.produce(committed);
    if (!check) {
      await writeFile(file.path, content);
      process.stdout.write(`wrote ${file.path}\n`);
      return 0;
    }
    if (content === committed) {
      process.stdout.write(`${file.name} is up to date\n`);
      return 0;
    }
    process.stderr.write(
      `${file.name} differs from ${file.source}. Run \`npm run ${file.writeCommand}\` and commit the result.\n`,
    );
    return 1;
  };
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
