/**
 * Verifies an exported session log (GET /api/sessions/:id/log): versions follow each other and every event's
 * hash matches its content and the previous hash. Prints the head hash, or where the chain breaks.
 *
 *   npm run verify-log -- <file> [--head <hash>]
 *
 * <file> holds JSON lines (the default export), a JSON array of events, or the `?format=json` answer; `-` reads
 * stdin. With --head, the log must also end at that hash (e.g. the one printed in the report).
 * Exit codes: 0 verified; 1 the chain is broken or ends elsewhere; 2 usage error or unreadable file.
 */
import { readFileSync } from 'node:fs';
import type { SessionEvent } from '../shared/session/events.js';
import { verifyChain } from '../server/core/hashChain.js';

function fail(code: number, message: string): never {
  process.stderr.write(`verify-log: ${message}\n`);
  process.exit(code);
}

function parse(text: string): SessionEvent[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as SessionEvent[];
  if (trimmed.startsWith('{') && !trimmed.includes('\n')) {
    const single = JSON.parse(trimmed) as { events?: SessionEvent[] } & Partial<SessionEvent>;
    if (Array.isArray(single.events)) return single.events;
    return [single as SessionEvent];
  }
  try {
    const whole = JSON.parse(trimmed) as { events?: unknown };
    if (Array.isArray(whole.events)) return whole.events as SessionEvent[];
  } catch {
    // not one JSON document: JSON lines
  }
  return trimmed.split('\n').map((line, i) => {
    try {
      return JSON.parse(line) as SessionEvent;
    } catch {
      return fail(1, `line ${i + 1} is not valid JSON`);
    }
  });
}

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
    fail(2, 'usage: npm run verify-log -- <file|-> [--head <hash>]');
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    fail(2, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let events: SessionEvent[];
  try {
    events = parse(text);
  } catch (error) {
    fail(2, `${file} is not an exported log: ${error instanceof Error ? error.message : String(error)}`);
  }
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
    process.stdout.write(`MISMATCH: ${result.count} events verify, but the head is ${result.head}\n`);
    process.exit(1);
  }
  process.stdout.write(`OK ${result.count} events, head ${result.head}\n`);
}

main(process.argv.slice(2));
