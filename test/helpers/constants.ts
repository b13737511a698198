/** Credentials of test servers. Test-only values: real deployments read theirs from the environment. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const SECRET = 'test-secret-0123456789abcdef';
