// Reference server for bench/scenarios/documents.ts: Hocuspocus with its default options (no extensions,
// so no persistence), on PORT (0: a free port). Prints "ready <port>" once listening.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT ?? 0), address: '127.0.0.1', quiet: true });
await server.listen();
process.stdout.write(`ready ${server.address.port}\n`);
