export { PalabreClient, ClientError } from './palabreClient.js';
export type { PalabreClientOptions, ConnectionStatus } from './palabreClient.js';
export * from '../../shared/protocol.js';
export * from '../../shared/errors.js';
export * from '../../shared/session/index.js';
export * from './recommendations.js';
