import type { PalabreError } from '../../errors.js';
import type { Role } from './types.js';

/**
 * What a session asks participants at join (age band, neighbourhood…), for stratified draws. The definition
 * (keys, labels, choices) is public: the join page shows it. The answers are private (see project.ts).
 * Zod-free: the browser imports this file; the zod schema is `joinAttributesSchema` in schemas.ts.
 */
export interface JoinAttribute {
  /** The attribute's name in `member.attributes` and in `draw.make`'s `stratifyBy`. */
  key: string;
  /** The question as the join page shows it, written by the facilitator. */
  label: string;
  /** When given, the answer must be one of these (a select on the join page); otherwise free text. */
  choices?: string[] | undefined;
  /** Participants must answer it (default false). */
  required?: boolean | undefined;
}

export type JoinAttributesCheck =
  { ok: true; attributes: Record<string, string> } | { ok: false; error: PalabreError };

const refuse = (message: string): JoinAttributesCheck => ({
  ok: false,
  error: { code: 'bad_request', message },
});

/**
 * Checks what someone declares at join against the session's definition. Without a definition (the setting
 * unset), anything within the general limits is accepted, as before. With one: unknown keys are refused,
 * `choices` are enforced, and participants must answer the required ones (facilitators and observers are
 * never drawn, so nothing is required of them). Values are then trimmed; empty ones count as not answered.
 */
export function checkJoinAttributes(
  definition: readonly JoinAttribute[] | undefined,
  declared: Record<string, string> | undefined,
  role: Role,
): JoinAttributesCheck {
  if (!definition) return { ok: true, attributes: declared ?? {} };
  const given: Record<string, string> = {};
  for (const [key, value] of Object.entries(declared ?? {})) {
    const trimmed = value.trim();
    if (trimmed !== '') given[key] = trimmed;
  }
  const byKey = new Map(definition.map((a) => [a.key, a]));
  for (const [key, value] of Object.entries(given)) {
    const attribute = byKey.get(key);
    if (!attribute) {
      const asked = definition.map((a) => a.key).join(', ');
      return refuse(
        asked
          ? `unknown attribute "${key}" (this session asks for: ${asked})`
          : `unknown attribute "${key}" (this session asks for none)`,
      );
    }
    if (attribute.choices && !attribute.choices.includes(value)) {
      return refuse(`"${key}" must be one of: ${attribute.choices.join(', ')}`);
    }
  }
  if (role === 'participant') {
    const missing = definition.filter((a) => a.required && given[a.key] === undefined).map((a) => a.key);
    if (missing.length > 0) return refuse(`please answer: ${missing.join(', ')}`);
  }
  return { ok: true, attributes: given };
}
