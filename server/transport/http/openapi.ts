import { z } from 'zod';
import { ErrorCode, errorTable } from '../../../shared/errors.js';
import {
  CLIENT_EVENTS,
  PROTOCOL_VERSION,
  handshakeSchema,
  syncRequestSchema,
} from '../../../shared/protocol.js';
import type { ClientEvent, ServerToClientEvents } from '../../../shared/protocol.js';
import { commandSchema } from '../../../shared/session/commands.js';
import { sfuRequestSchema, voiceSignalSchema } from '../../../shared/voiceProtocol.js';
import { eraseMemberBody } from './privacyRoutes.js';
import { createSessionBody, inviteBody, revokeInviteBody } from './sessionRoutes.js';

/**
 * The HTTP API as OpenAPI 3.0, generated from the same zod schemas that parse the requests (zod 4's own
 * JSON Schema output, so the document cannot drift from what the server accepts), and the socket.io
 * contract from shared/protocol.ts as an `x-socket-io` extension: the handshake, each client event with its
 * payload schema and ack, each server event. Served at GET /api/openapi.json.
 */
export function openApiDocument(version: string): Record<string, unknown> {
  const schema = (s: z.ZodType) =>
    z.toJSONSchema(s, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' });
  const errorCodes = Object.values(ErrorCode);
  const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
  const ok = (description: string, ref = 'Ok') => ({ description, content: json(ref) });
  const failures = (...codes: ErrorCode[]) =>
    Object.fromEntries(
      [...new Set(codes.map((c) => errorTable[c].http))].map((status) => [
        String(status),
        {
          description: codes.filter((c) => errorTable[c].http === status).join(', '),
          content: json('Error'),
        },
      ]),
    );
  const sessionId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const groupId = { name: 'groupId', in: 'path', required: true, schema: { type: 'string' } };
  const admin = [{ admin: [] }];
  const adminOrSession = [{ admin: [] }, { sessionToken: [] }];
  const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
  const auth = ['unauthenticated', 'forbidden', 'not_found'] as const;

  return {
    openapi: '3.0.3',
    info: {
      title: 'Palabre',
      version,
      description:
        'Real-time deliberation rooms. Every answer is JSON: `{ ok: true, … }` or `{ ok: false, error: { code, message } }`. ' +
        'The live control plane is socket.io (see x-socket-io); documents use the standard y-websocket protocol at ' +
        '`/yjs/{sessionId}/{groupId}?token=…`.',
    },
    components: {
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        sessionToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'an invite or resume token of the session',
        },
        metrics: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
      },
      schemas: {
        Ok: { type: 'object', properties: { ok: { type: 'boolean', enum: [true] } }, required: ['ok'] },
        Error: {
          type: 'object',
          properties: {
            ok: { type: 'boolean', enum: [false] },
            error: {
              type: 'object',
              properties: { code: { type: 'string', enum: errorCodes }, message: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
          required: ['ok', 'error'],
        },
      },
    },
    paths: {
      '/api/sessions': {
        post: {
          summary: 'Create a session; the answer holds it and one invite per role',
          security: admin,
          requestBody: body(createSessionBody),
          responses: {
            '201': ok('the session and its invites'),
            ...failures('bad_request', 'unauthenticated'),
          },
        },
        get: {
          summary: 'List sessions',
          security: admin,
          responses: {
            '200': ok('id, title, status, createdAt, version of each'),
            ...failures('unauthenticated'),
          },
        },
      },
      '/api/sessions/{id}': {
        parameters: [sessionId],
        get: {
          summary: 'The session as the requester may see it',
          security: adminOrSession,
          responses: { '200': ok('the projected state'), ...failures(...auth) },
        },
        delete: {
          summary:
            'Delete the session and everything stored about it (log, snapshots, documents, versions, ballots, personal data)',
          security: admin,
          responses: { '200': ok('deleted'), ...failures('unauthenticated', 'not_found', 'unavailable') },
        },
      },
      '/api/sessions/{id}/invites': {
        parameters: [sessionId],
        get: {
          summary:
            'The invite links issued for the session (invite.issued), oldest first: id, role, groupId, label, issuedAt, issuedBy, expiresAt, status (active, expired, revoked), revokedAt, revokedBy; never a token. Sessions older than this record list none',
          security: admin,
          responses: { '200': ok('the issued invites'), ...failures('unauthenticated', 'not_found') },
        },
        post: {
          summary: 'A new invite (optionally labelled), recorded in the log without its token',
          security: adminOrSession,
          requestBody: body(inviteBody),
          responses: { '201': ok('the invite'), ...failures('bad_request', ...auth) },
        },
      },
      '/api/sessions/{id}/invites/revoke': {
        parameters: [sessionId],
        post: {
          summary: 'Revoke an invite by its id: its link lets nobody in any more (invite.revoked in the log)',
          security: admin,
          requestBody: body(revokeInviteBody),
          responses: {
            '200': ok('revoked'),
            ...failures('bad_request', 'unauthenticated', 'not_found', 'invalid_state'),
          },
        },
      },
      '/api/sessions/{id}/members/{memberId}/erase': {
        parameters: [sessionId, { name: 'memberId', in: 'path', required: true, schema: { type: 'string' } }],
        post: {
          summary: "Erase a member's personal data (name, attributes); the log still verifies",
          security: admin,
          requestBody: body(eraseMemberBody),
          responses: { '200': ok('erased'), ...failures('bad_request', 'unauthenticated', 'not_found') },
        },
      },
      '/api/sessions/{id}/groups/{groupId}/versions': {
        parameters: [sessionId, groupId],
        get: {
          summary: "Recorded versions of a group's document",
          security: adminOrSession,
          responses: { '200': ok('the versions'), ...failures(...auth) },
        },
      },
      '/api/sessions/{id}/groups/{groupId}/versions/{versionId}': {
        parameters: [
          sessionId,
          groupId,
          { name: 'versionId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        get: {
          summary: 'One version, as text and as a Yjs update',
          security: adminOrSession,
          responses: { '200': ok('the version'), ...failures(...auth) },
        },
      },
      '/api/sessions/{id}/report': {
        parameters: [sessionId],
        get: {
          summary: 'The report',
          security: adminOrSession,
          parameters: [
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'md', 'html'] } },
            { name: 'lang', in: 'query', schema: { type: 'string', enum: ['fr', 'en'] } },
            { name: 'pseudonymise', in: 'query', schema: { type: 'string', enum: ['1', 'true', 'yes'] } },
          ],
          responses: {
            '200': { description: 'JSON, Markdown or HTML' },
            ...failures('bad_request', ...auth),
          },
        },
      },
      '/api/sessions/{id}/log': {
        parameters: [sessionId],
        get: {
          summary: 'The hash-chained log (JSON lines, or ?format=json)',
          security: adminOrSession,
          parameters: [
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['jsonl', 'json'] } },
            { name: 'pseudonymise', in: 'query', schema: { type: 'string', enum: ['1', 'true', 'yes'] } },
          ],
          responses: { '200': { description: 'the events, in order' }, ...failures(...auth) },
        },
      },
      '/api/templates': { get: { summary: 'The built-in agendas', responses: { '200': ok('templates') } } },
      '/api/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.0' } } },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': ok('alive') } } },
      '/readyz': {
        get: {
          summary: 'Readiness: the store (and Redis) answer, and the process is not stopping',
          responses: { '200': ok('ready'), '503': { description: 'not ready', content: json('Ok') } },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          security: [{ metrics: [] }],
          responses: { '200': { description: 'text/plain; version=0.0.4' }, ...failures('unauthenticated') },
        },
      },
    },
    'x-socket-io': socketContract(schema),
  };
}

const CLIENT_EVENT_DOCS: Record<ClientEvent, { summary: string; payload?: z.ZodType; ack: string }> = {
  command: {
    summary: 'One command, checked by `decide` (role, membership, phase, what the sender saw)',
    payload: commandSchema,
    ack: '{ ok: true, version } | { ok: false, error }',
  },
  sync: {
    summary: 'The events after a version (or a fresh snapshot when far behind)',
    payload: syncRequestSchema,
    ack: '{ ok: true, events } | { ok: true, state } | { ok: false, error }',
  },
  time: { summary: 'Server time, to measure the clock offset', ack: '{ ok: true, now }' },
  'voice.signal': {
    summary:
      'Embedded voice: an offer, answer, ICE candidate or bye for another member of your group; refused ' +
      'unless the session state lets the offerer be heard (docs/voice.md)',
    payload: voiceSignalSchema,
    ack: '{ ok: true } | { ok: false, error }',
  },
  'voice.sfu': {
    summary: "SFU voice: join your group's media room with an SDP offer, trickle candidates, or leave",
    payload: sfuRequestSchema,
    ack: '{ ok: true, sdp? } | { ok: false, error }',
  },
};

const SERVER_EVENT_DOCS: Record<keyof ServerToClientEvents, string> = {
  welcome: '{ sessionId, memberId, role, resumeToken, resumeExpiresAt, serverTime }, once connected',
  snapshot: '{ state }: the session as this role may see it',
  events: '{ sessionId, events }: consecutive events, each with its version `v`; a gap means: send `sync`',
  notice: '{ code: removed | session_ended | announcement, message }',
  'voice.signal':
    '{ kind, from, connection, sdp? | candidate? }: embedded voice, from a member of your group',
  'voice.renegotiate':
    '{ reason }: SFU voice, send a new `voice.sfu` offer: `moved` (your group, so your media room, changed) or `restarted` (your place in the room was dropped: a mute the media server refused, or its connection lost)',
};

function socketContract(schema: (s: z.ZodType) => unknown) {
  return {
    path: '/socket.io/',
    protocolVersion: PROTOCOL_VERSION,
    handshake: {
      summary:
        '`io(url, { auth })`. `protocol` is the contract version the client speaks; a server that does not ' +
        'support it refuses with `unsupported_protocol` (connect_error, err.data = { code, message }).',
      auth: schema(handshakeSchema),
    },
    clientEvents: Object.fromEntries(
      CLIENT_EVENTS.map((event) => {
        const doc = CLIENT_EVENT_DOCS[event];
        return [
          event,
          { summary: doc.summary, ...(doc.payload ? { payload: schema(doc.payload) } : {}), ack: doc.ack },
        ];
      }),
    ),
    serverEvents: SERVER_EVENT_DOCS,
  };
}
