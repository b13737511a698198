// The floor of the fan-out benchmark (bench/scenarios/fanout.ts): a relay that keeps no document at all. It
// answers a client's sync step 1 with an empty sync step 2 and sends every other frame it receives, as is, to
// the other clients of the same path (`ws`, one `send` per reader, like the reference server). No Yjs, no
// validation, nothing stored: what one write per reader costs on this machine, below which no server that
// delivers each update to each reader as it comes can go. Prints "ready <port>" once listening on PORT.
import http from 'node:http';
import { WebSocketServer } from 'ws';

/** y-websocket sync step 2 carrying an empty Yjs update (no structs, empty delete set). */
const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0);
/** Clients per path (one path per document). */
const rooms = new Map();

const server = http.createServer((_req, res) => res.end('ok'));
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const path = req.url ?? '/';
  let room = rooms.get(path);
  if (!room) rooms.set(path, (room = new Set()));
  room.add(ws);
  ws.on('close', () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(path);
  });
  ws.on('message', (data) => {
    if (data[0] === 0 && data[1] === 0) return ws.send(EMPTY_STEP2);
    for (const other of room) if (other !== ws) other.send(data);
  });
});
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${server.address().port}\n`);
});
