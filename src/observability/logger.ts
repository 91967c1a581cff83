import type { DestinationStream, Logger } from 'pino';
import pino from 'pino';
import type { LogLevel } from '../config';
import { censor, scrubText } from './redaction';

export type { Logger };

/**
 * JSON lines with credentials censored wherever they are (see ./redaction.ts): every logged object
 * at any depth, errors included, and every message string, Apollo Server's own among them.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'thoughtspot-graphql-gateway' },
      formatters: { log: (object) => censor(object) as Record<string, unknown> },
      // pino applies a serializer named like the message key to the message itself, once it is
      // formatted: its printf arguments and an error's message (`logger.error(err)`) included.
      serializers: {
        msg: (message: unknown) => (typeof message === 'string' ? scrubText(message) : message),
      },
    },
    destination,
  );
}
