/** Credentials of test servers. Test-only values: real deployments read theirs from the environment. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const SECRET = 'test-secret-0123456789abcdef';

/** The environment of a test server: a free port on loopback, its own data directory, test credentials. */
export function testEnv(dataDir: string, logLevel: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET,
    ADMIN_TOKEN,
    LOG_LEVEL: logLevel,
    SERVE_CLIENT: 'false',
  };
}
