/**
 * The one shape of an error that lists every problem found at once (the configuration, a seed
 * file, command-line arguments): a title, then one problem a line.
 */
export class ProblemsError extends Error {
  constructor(
    title: string,
    readonly problems: readonly string[],
  ) {
    super(`${title}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = new.target.name;
  }
}
