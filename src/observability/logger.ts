import type { DestinationStream, Logger } from 'pino';
import pino from 'pino';
import type { LogLevel } from '../config';

export type { Logger };

/**
 * Anything shaped like a credential is censored wherever it appears in a logged object, so a
 * careless `logger.info({ headers })` or a logged GraphQL variables object cannot leak one.
 */
export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'password',
  'secretKey',
  'token',
  '*.authorization',
  '*.cookie',
  '*["set-cookie"]',
  '*.password',
  '*.secretKey',
  '*.token',
  '*.*.authorization',
  '*.*.cookie',
  '*.*["set-cookie"]',
  '*.*.password',
  '*.*.secretKey',
  '*.*.token',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'thoughtspot-graphql-gateway' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
