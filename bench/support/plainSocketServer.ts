/**
 * The baseline of the cross-process benchmark: a bare socket.io server with the same Redis streams adapter
 * as Palabre. A client's `relay` payload is broadcast to every client of every process.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const redis = new Redis(process.env.REDIS_URL!);
const http = createServer();
const io = new Server(http, {
  adapter: createAdapter(redis, {
    streamName: `${process.env.PREFIX}:sio`,
    channelPrefix: `${process.env.PREFIX}:sio`,
  }),
});
io.on('connection', (socket) => {
  socket.on('relay', (payload: unknown, ack?: () => void) => {
    io.emit('events', payload);
    ack?.();
  });
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);
});
