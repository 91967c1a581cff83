/**
 * A parser of the Prometheus text exposition format (version 0.0.4), for tests that scrape
 * /metrics: HELP and TYPE lines, samples with escaped label values, and nothing assumed about order.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** TYPE by metric family name. */
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

// As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan".
function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n))
    throw new Error(`not a sample value: ${JSON.stringify(text)}`);
  return n;
}

function parseSample(line: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) throw new Error(`not a sample: ${JSON.stringify(line)}`);
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const labelName = LABEL_NAME.exec(line.slice(i))?.[0];
      if (
        labelName === undefined ||
        line[i + labelName.length] !== '=' ||
        line[i + labelName.length + 1] !== '"'
      )
        throw new Error(`bad label at ${i} in ${JSON.stringify(line)}`);
      i += labelName.length + 2;
      let value = '';
      for (; line[i] !== '"'; i++) {
        if (i >= line.length)
          throw new Error(`unterminated label value in ${JSON.stringify(line)}`);
        if (line[i] === '\\') {
          i++;
          const escaped = line[i];
          if (escaped === 'n') value += '\n';
          else if (escaped === '\\' || escaped === '"') value += escaped;
          else throw new Error(`bad escape in ${JSON.stringify(line)}`);
        } else value += line.charAt(i);
      }
      i++;
      if (labelName in labels)
        throw new Error(`repeated label ${labelName} in ${JSON.stringify(line)}`);
      labels[labelName] = value;
      if (line[i] === ',') i++;
      else if (line[i] !== '}')
        throw new Error(`expected , or } at ${i} in ${JSON.stringify(line)}`);
    }
    i++;
  }
  if (line[i] !== ' ')
    throw new Error(`expected a space before the value in ${JSON.stringify(line)}`);
  const [value = '', timestamp, ...rest] = line.slice(i + 1).split(' ');
  if (rest.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp)))
    throw new Error(`trailing text in ${JSON.stringify(line)}`);
  return { name, labels, value: parseValue(value) };
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
    if (comment) {
      const [, kind, name = '', rest = ''] = comment;
      const into = kind === 'TYPE' ? types : help;
      if (into.has(name)) throw new Error(`repeated ${kind} for ${name}`);
      into.set(name, rest);
    } else if (!line.startsWith('#')) samples.push(parseSample(line));
  }
  return { types, help, samples };
}

/** The samples of one series name whose labels include `labels`. */
export function find(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): Sample[] {
  return exposition.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

/** The value of the one sample of a name with exactly these labels (undefined if there is none). */
export function valueOf(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matches = exposition.samples.filter(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (matches.length > 1)
    throw new Error(`${matches.length} samples of ${name} ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}
