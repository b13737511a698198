/**
 * Verifies an exported session log (GET /api/sessions/:id/log): versions follow each other, every event's hash
 * matches its content and the previous hash, and — the part a hash chain alone cannot tell — the log ends where
 * it should. A log cut short still chains perfectly, so completeness needs the head hash from somewhere else:
 * the report given to elected officials prints it (`--head`). The export also announces its own length and head
 * (first line of the JSON lines, or `headHash` in the JSON answer), which catches a file cut in transit, but not a
 * deliberate cut: whoever removes events can rewrite that line too.
 *
 *   npm run verify-log -- <file> --head <hash from the report>
 *
 * <file> holds JSON lines (the default export, with its header line), a JSON array of events, or the
 * `?format=json` answer; `-` reads stdin.
 * Exit codes:
 *   0 the chain verifies and ends at the head given with --head: the log is complete up to it;
 *   1 the chain breaks, or it ends elsewhere than --head or than the export announced (events missing or added);
 *   2 usage error or unreadable file;
 *   3 the chain verifies, but no --head was given: nothing rules out a log cut short.
 */
import { readFileSync } from 'node:fs';
import type { SessionEvent } from '../shared/session/events.js';
import { verifyChain } from '../server/core/hashChain.js';

/** What the export says about itself: the count and head it had when it was written (see outcomeRoutes.ts). */
interface Announced {
  events: number;
  headHash: string;
}

function fail(code: number, message: string): never {
  process.stderr.write(`verify-log: ${message}\n`);
  process.exit(code);
}

function isHeader(value: unknown): value is { palabreLog: Announced } {
  const header = (value as { palabreLog?: Partial<Announced> } | null)?.palabreLog;
  return typeof header?.events === 'number' && typeof header.headHash === 'string';
}

function parse(text: string): { events: SessionEvent[]; announced: Announced | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { events: [], announced: null };
  if (trimmed.startsWith('[')) return { events: JSON.parse(trimmed) as SessionEvent[], announced: null };
  try {
    const whole = JSON.parse(trimmed) as { events?: unknown; headHash?: unknown };
    if (Array.isArray(whole.events)) {
      const events = whole.events as SessionEvent[];
      const announced =
        typeof whole.headHash === 'string' ? { events: events.length, headHash: whole.headHash } : null;
      return { events, announced };
    }
    if (!isHeader(whole)) return { events: [whole as SessionEvent], announced: null };
  } catch {
    // not one JSON document: JSON lines
  }
  const lines = trimmed.split('\n').map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return fail(1, `line ${i + 1} is not valid JSON`);
    }
  });
  const first = lines[0];
  if (isHeader(first)) return { events: lines.slice(1) as SessionEvent[], announced: first.palabreLog };
  return { events: lines as SessionEvent[], announced: null };
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

function main(argv: string[]): void {
  const args = [...argv];
  let expectedHead: string | undefined;
  const headAt = args.indexOf('--head');
  if (headAt >= 0) {
    expectedHead = args[headAt + 1];
    if (!expectedHead) fail(2, '--head needs a hash');
    args.splice(headAt, 2);
  }
  const file = args[0];
  if (!file || args.length > 1 || file === '--help' || file === '-h') {
    fail(2, 'usage: npm run verify-log -- <file|-> --head <head hash printed in the report>');
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    fail(2, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
  } catch (error) {
    fail(2, `${file} is not an exported log: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { events, announced } = parsed;
  if (events.length === 0) fail(1, 'the log is empty');
  let result: ReturnType<typeof verifyChain>;
  try {
    result = verifyChain(events);
  } catch {
    fail(1, 'the log holds something that is not an event');
  }
  if (!result.ok) {
    process.stdout.write(`BROKEN at event ${result.at}: ${result.reason}\n`);
    process.exit(1);
  }
  if (expectedHead !== undefined && result.head !== expectedHead) {
    const at = events.findIndex((e) => e.hash === expectedHead);
    process.stdout.write(
      at >= 0
        ? `MISMATCH: the head you gave is event ${at + 1}; this log goes on to ${result.count} events ` +
            `(head ${result.head}): it is a later log than the one your head comes from\n`
        : `INCOMPLETE OR ALTERED: ${result.count} events verify, but the log ends at ${result.head}, and the ` +
            `head you gave is in none of them: events are missing (cut off) or the log is another one\n`,
    );
    process.exit(1);
  }
  if (announced && (announced.events !== result.count || announced.headHash !== result.head)) {
    process.stdout.write(
      `TRUNCATED: the export announced ${announced.events} events ending at ${short(announced.headHash)}, ` +
        `but this file holds ${result.count} events ending at ${short(result.head)}\n`,
    );
    process.exit(1);
  }
  if (expectedHead === undefined) {
    process.stdout.write(
      `CHAIN OK, COMPLETENESS NOT CHECKED: ${result.count} events verify (head ${result.head}), but a log ` +
        `cut short verifies too. Compare this head with the one printed in the report, or run again with ` +
        `--head <hash from the report>\n`,
    );
    process.exit(3);
  }
  process.stdout.write(`OK ${result.count} events, head ${result.head}: complete up to the head you gave\n`);
}

main(process.argv.slice(2));
