import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SessionEvent } from '../../shared/session/events.js';
import { DomainHarness } from '../helpers/domain.js';
import { verifyLog } from '../helpers/verifyLog.js';

/** A short real log, and the JSON lines export of a prefix of it (header line first, as the server writes it). */
function exported() {
  const h = new DomainHarness();
  const fac = h.join('Fatou', 'facilitator');
  h.join('Ana', 'participant');
  h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  h.ok({ type: 'announcement.make', text: 'Bienvenue' }, fac);
  const log = h.log;
  const jsonl = (events: SessionEvent[], announced: SessionEvent[] = events) =>
    [
      { palabreLog: { sessionId: 's1', events: announced.length, headHash: announced.at(-1)!.hash } },
      ...events,
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
  return { log, head: log.at(-1)!.hash, jsonl };
}

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-verify-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('npm run verify-log says plainly whether the log is complete', () => {
  it('0 only when the chain ends at the head given from the report', async () => {
    const { log, head, jsonl } = exported();
    const result = await verifyLog(await file('log.jsonl', jsonl(log)), '--head', head);
    expect(result).toEqual({
      code: 0,
      stdout: `OK ${log.length} events, head ${head}: complete up to the head you gave\n`,
    });
  });

  it('3 without --head: the chain verifies, but nothing rules out a cut log', async () => {
    const { log, jsonl } = exported();
    const result = await verifyLog(await file('log.jsonl', jsonl(log)));
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^CHAIN OK, COMPLETENESS NOT CHECKED: .*--head/);
  });

  it('1 for a log whose last events were cut off, with --head', async () => {
    const { log, head } = exported();
    // Cut, and the header line dropped (or rewritten) along with the events: only the report's head tells.
    const cut = log
      .slice(0, -2)
      .map((e) => JSON.stringify(e))
      .join('\n');
    const result = await verifyLog(await file('log.jsonl', cut), '--head', head);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^INCOMPLETE OR ALTERED: /);
  });

  it('1 for a copy cut in transit, even without --head: the export announced more', async () => {
    const { log, jsonl } = exported();
    const result = await verifyLog(await file('log.jsonl', jsonl(log.slice(0, -1), log)));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^TRUNCATED: the export announced \d+ events/);
  });

  it('1 when the head given is earlier in the log: the log is a later one', async () => {
    const { log, jsonl } = exported();
    const result = await verifyLog(await file('log.jsonl', jsonl(log)), '--head', log[1]!.hash);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^MISMATCH: the head you gave is event 2/);
  });
});
