import { describe, expect, it } from 'vitest';
import { createLogger, moduleLogger } from '../../server/log.js';

function capture(level: Parameters<typeof createLogger>[0] = 'debug') {
  const lines: Record<string, any>[] = [];
  const raw: string[] = [];
  const log = createLogger(level, (line) => {
    raw.push(line);
    lines.push(JSON.parse(line));
  });
  return { log, lines, raw };
}

describe('logs', () => {
  it('one JSON line per call, with level, time, process id, message and fields', () => {
    const { log, lines } = capture();
    log.info('palabre listening', { url: 'http://x' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      pid: process.pid,
      msg: 'palabre listening',
      url: 'http://x',
    });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('filters by level', () => {
    const { log, lines } = capture('warn');
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(lines.map((l) => l.msg)).toEqual(['c', 'd']);
    const silent = capture('silent');
    silent.log.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('redacts tokens and personal data wherever they appear', () => {
    const { log, lines } = capture();
    log.info('handshake', {
      token: 'eyJ.secret',
      auth: { resume: 'r.secret', name: 'Ana Dupont', attributes: { age: '30-45' } },
      member: { id: 'm1', name: 'Ana Dupont' },
      headers: { authorization: 'Bearer admin' },
      name: 'Ben',
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ['eyJ.secret', 'r.secret', 'Ana Dupont', '30-45', 'Bearer admin', 'Ben']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]!.member.id).toBe('m1');
  });

  it('errors keep their message, stack and cause; module loggers add their module', () => {
    const { log, lines, raw } = capture();
    const documents = moduleLogger(log, 'documents', { docId: 's1/g1' });
    documents.error('could not persist', { err: new Error('outer', { cause: new Error('disk full') }) });
    expect(lines[0]).toMatchObject({ module: 'documents', docId: 's1/g1', msg: 'could not persist' });
    // A module logger made from one of the same module binds `module` once (pino would print it twice).
    const perSocket = moduleLogger(moduleLogger(log, 'socket.io'), 'socket.io', { socketId: 'x' });
    perSocket.info('socket connected');
    expect(raw.at(-1)!.match(/"module"/g)).toHaveLength(1);
    expect(lines[0]!.err.message).toContain('outer');
    expect(JSON.stringify(lines[0]!.err)).toContain('disk full');
    expect(lines[0]!.err.type).toBe('Error');
  });
});
