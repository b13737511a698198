export { PalabreClient, ClientError } from './palabreClient.js';
export type { PalabreClientOptions, ConnectionStatus } from './palabreClient.js';
export * from '../../shared/protocol.js';
export * from '../../shared/errors.js';
export * from '../../shared/session/index.js';
export { turnClock, startCountdown } from './countdown.js';
export type { TurnClock } from './countdown.js';
export * from './recommendations.js';
