import type { TestProject } from 'vitest/node';
import { startRedis } from './helpers/redis.js';

/** One real redis-server for the whole run, on a free port; tests use their own key prefixes. */
export default async function setup(project: TestProject) {
  const redis = await startRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
