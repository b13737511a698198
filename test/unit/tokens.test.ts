import { describe, expect, it } from 'vitest';
import { FakeClock } from '../helpers/fakeClock.js';
import { TokenService } from '../../server/core/tokens.js';

describe('tokens', () => {
  const clock = new FakeClock();
  const tokens = new TokenService('a-secret-of-sufficient-length', clock);

  it('round-trips signed claims', () => {
    const token = tokens.issue({ k: 'invite', s: 's1', r: 'participant', g: 'ga' }, 60_000);
    expect(tokens.verify(token)).toMatchObject({
      ok: true,
      claims: { k: 'invite', s: 's1', r: 'participant', g: 'ga' },
    });
  });

  it('expires', () => {
    const token = tokens.issue({ k: 'resume', s: 's1', m: 'm1' }, 60_000);
    clock.advance(60_000);
    expect(tokens.verify(token)).toMatchObject({ ok: false, error: { code: 'token_expired' } });
  });

  it('refuses forged, altered, foreign and malformed tokens', () => {
    const token = tokens.issue({ k: 'invite', s: 's1', r: 'observer' }, 60_000);
    const [body, sig] = token.split('.');
    const promoted = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), r: 'facilitator' }),
    ).toString('base64url');
    const other = new TokenService('another-secret-of-good-length', clock).issue(
      { k: 'invite', s: 's1', r: 'facilitator' },
      60_000,
    );
    for (const bad of [
      `${promoted}.${sig}`,
      other,
      'garbage',
      '',
      `${token}.x`,
      42,
      null,
      'a'.repeat(5000),
    ]) {
      expect(tokens.verify(bad)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
  });
});
