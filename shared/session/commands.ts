import { z } from 'zod';
import { chatCommandSchemas } from './chat/schemas.js';
import { inviteCommandSchemas } from './invites/schemas.js';
import { documentCommandSchemas } from './documents/schemas.js';
import { queueCommandSchemas } from './floor/schemas.js';
import { memberCommandSchemas } from './members/schemas.js';
import { outcomeCommandSchemas } from './outcomes/schemas.js';
import { phaseCommandSchemas } from './phases/schemas.js';
import { voiceCommandSchemas } from './voice/schemas.js';

/**
 * Every command a client (or the server itself) can issue, as zod schemas, gathered from the feature folders
 * (each command is defined in `<feature>/schemas.ts` and decided in `<feature>/decide.ts`). The socket
 * transport parses incoming commands with `commandSchema` before any core code runs.
 */
export const commandSchemas = {
  ...memberCommandSchemas,
  ...phaseCommandSchemas,
  ...outcomeCommandSchemas,
  ...queueCommandSchemas,
  ...documentCommandSchemas,
  ...chatCommandSchemas,
  ...inviteCommandSchemas,
  ...voiceCommandSchemas,
} as const;

export type CommandType = keyof typeof commandSchemas;
export type CommandOf<K extends CommandType> = z.infer<(typeof commandSchemas)[K]>;
export type Command = { [K in CommandType]: CommandOf<K> }[CommandType];

type AnyCommandSchema = (typeof commandSchemas)[CommandType];
export const commandSchema = z.discriminatedUnion(
  'type',
  Object.values(commandSchemas) as [AnyCommandSchema, ...AnyCommandSchema[]],
);

export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

export function isCommandType(type: unknown): type is CommandType {
  return typeof type === 'string' && Object.hasOwn(commandSchemas, type);
}
