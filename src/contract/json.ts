/** A JSON object: not null, not an array. The one guard both the gateway and the emulator use. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
