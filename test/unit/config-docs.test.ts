import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationTables } from '../../src/config/docs';
import { SETTINGS } from '../../src/config/settings';
import { rows } from '../../src/config/table';

const variables = rows(SETTINGS).map((row) => row.env);
/** The variables a page's table rows name, in order. */
const tableRows = (page: string) =>
  [...page.matchAll(/^\| `([A-Z0-9_]+)` +\|/gm)].map((match) => match[1]);

describe('the settings table and its docs', () => {
  it('declares each variable once', () => {
    expect(new Set(variables).size).toBe(variables.length);
    expect(variables.length).toBeGreaterThan(40);
  });

  it('prints one row per variable, with its default as loadConfig has it', () => {
    const tables = configurationTables();
    expect([...tableRows(tables)].sort()).toEqual([...variables].sort());
    expect(tables).toContain('| `PORT` | port to listen on | integer, 0 to 65535 | `4000` |');
    expect(tables).toMatch(/\| `HOST` \|.*\| `127\.0\.0\.1`; `0\.0\.0\.0` in production \|$/m);
    expect(tables).toMatch(/\| `MAX_QUERY_BYTES` \|.*\| `16384` \(16 KiB\) \|$/m);
    expect(tables).toMatch(/\| `APOLLO_KEY` \|.*\| none: no reporting \|$/m);
  });

  it('docs/configuration.md lists every variable, in the order printed', () => {
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    expect(tableRows(page)).toEqual(tableRows(configurationTables()));
  });
});
