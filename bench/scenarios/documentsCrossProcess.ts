/**
 * Document updates across processes: a writer connected to process A, readers connected to process B,
 * both processes sharing one Redis; beside Hocuspocus with @hocuspocus/extension-redis in the same run.
 */
import { join } from 'node:path';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { startRedis } from '../../test/helpers/redis.js';
import {
  hocuspocusDialect,
  openClient,
  openMany,
  updateKeys,
  Writer,
  yWebsocketDialect,
} from '../documents/clients.js';
import type { BenchClient, Dialect } from '../documents/clients.js';
import { PALABRE_ADMIN, ROOT, startChild, startPalabre } from '../documents/servers.js';
import type { ServerProcess } from '../documents/servers.js';
import { round, summary } from '../stats.js';

export const description =
  'writer on process A, 10 readers on process B (one Redis): update latency p50/p99 and delivery, ' +
  'vs Hocuspocus + @hocuspocus/extension-redis';

const READERS = 10;
const UPDATES = 500;
const INTERVAL_MS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A session in drafting with one group; the writer's resume token and an observer invite. */
async function palabreDialects(
  a: ServerProcess,
  b: ServerProcess,
): Promise<{ writerOn: Dialect; readerOn: Dialect }> {
  const body = (await fetch(`${a.httpUrl}/api/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PALABRE_ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bench', groups: [{ name: 'Groupe' }] }),
  }).then((r) => r.json())) as any;
  const sessionId: string = body.session.id;
  const groupId: string = body.session.groupOrder[1];
  const facilitator = new PalabreClient({ url: a.httpUrl, token: body.invites.facilitator.token, name: 'F' });
  const writer = new PalabreClient({ url: a.httpUrl, token: body.invites.participant.token, name: 'W' });
  await Promise.all([facilitator.connect(), writer.connect()]);
  await facilitator.command({ type: 'member.move', memberId: writer.memberId!, groupId });
  await facilitator.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } });
  const writerToken = writer.welcome!.resumeToken;
  facilitator.close();
  writer.close();
  const observer: string = body.invites.observer.token;
  const url = (server: ServerProcess, token: string) => () =>
    `${server.wsUrl}/yjs/${sessionId}/${groupId}?token=${encodeURIComponent(token)}`;
  return { writerOn: yWebsocketDialect(url(a, writerToken)), readerOn: yWebsocketDialect(url(b, observer)) };
}

async function measure(writerOn: Dialect, readerOn: Dialect, doc: string) {
  const sent = new Map<number, number>();
  const latencies: number[] = [];
  let writerId = 0;
  const readers: BenchClient[] = await openMany(READERS, READERS, () => {
    const seen = new Set<number>();
    return openClient(readerOn, doc, 'reader', (update, at) => {
      for (const key of updateKeys(update, writerId)) {
        const sentAt = sent.get(key);
        if (sentAt === undefined || seen.has(key)) continue;
        seen.add(key);
        latencies.push(at - sentAt);
      }
    });
  });
  const client = openClient(writerOn, doc, 'writer', () => undefined);
  await client.synced;
  const writer = new Writer(client, writerOn, doc);
  writerId = writer.clientId;
  for (let i = 0; i < UPDATES; i++) {
    sent.set(writer.insert('x'), performance.now());
    await sleep(INTERVAL_MS);
  }
  const expected = UPDATES * READERS;
  const deadline = Date.now() + 5000;
  while (latencies.length < expected && Date.now() < deadline) await sleep(20);
  for (const c of [...readers, client]) c.close();
  return { latencyMs: summary(latencies), expected, delivered: latencies.length };
}

export async function run(): Promise<Record<string, unknown>> {
  const redis = await startRedis();
  try {
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: 'bench-docs' };
    const [a, b] = await Promise.all([startPalabre('file', env), startPalabre('file', env)]);
    let palabre;
    try {
      const { writerOn, readerOn } = await palabreDialects(a, b);
      palabre = await measure(writerOn, readerOn, 'doc');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const script = join(ROOT, 'bench/reference/hocuspocus/redis-server.mjs');
    const start = () =>
      startChild('hocuspocus-redis', [script], { PORT: '0', REDIS_URL: redis.url }, ROOT, /ready (\d+)/);
    const [h1, h2] = await Promise.all([start(), start()]);
    let reference;
    try {
      reference = await measure(hocuspocusDialect(h1.wsUrl), hocuspocusDialect(h2.wsUrl), 'doc');
    } finally {
      await Promise.all([h1.stop(), h2.stop()]);
    }
    return {
      readers: READERS,
      updates: UPDATES,
      palabre,
      hocuspocusRedis: reference,
      ratioP50: round(palabre.latencyMs.p50 / reference.latencyMs.p50),
      ratioP99: round(palabre.latencyMs.p99 / reference.latencyMs.p99),
    };
  } finally {
    await redis.stop();
  }
}
