// Reference for bench/scenarios/documentsCrossProcess.ts: Hocuspocus with its Redis extension (the way
// Hocuspocus runs several processes), on PORT (0: a free port). Prints "ready <port>" once listening.
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';

const url = new URL(process.env.REDIS_URL);
const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new Redis({ host: url.hostname, port: Number(url.port), prefix: process.env.PREFIX ?? 'hp' })],
});
await server.listen();
process.stdout.write(`ready ${server.address.port}\n`);
