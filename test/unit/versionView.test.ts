import { describe, expect, it } from 'vitest';
import { authorName, errorMessageOf, readVersionResponse } from '../../client/app/src/editor/versionView.js';
import type { SessionState } from '../../shared/session/types.js';

describe('reading a recorded version in the web client', () => {
  it('reads the server’s answer, coercing odd entries', () => {
    const view = readVersionResponse({
      ok: true,
      version: {
        groupId: 'g1',
        versionId: 'v1',
        phaseId: 'p2',
        at: 1000,
        bytes: 321,
        trigger: 12,
        update: 'AAA=',
        recommendations: [
          {
            id: 'r1',
            title: 'Pistes',
            body: 'Le long du canal',
            createdBy: 'm1',
            createdAt: 5,
            status: 'proposed',
          },
          { id: 'r2', title: 'Bancs', status: 'nonsense' },
          'garbage',
        ],
      },
    });
    expect(view).toEqual({
      versionId: 'v1',
      phaseId: 'p2',
      at: 1000,
      recommendations: [
        {
          id: 'r1',
          title: 'Pistes',
          body: 'Le long du canal',
          createdBy: 'm1',
          createdAt: 5,
          status: 'proposed',
        },
        { id: 'r2', title: 'Bancs', body: '', createdBy: '', createdAt: 0, status: 'draft' },
      ],
    });
  });

  it('refuses what is not a version, and reads error messages', () => {
    expect(readVersionResponse(null)).toBeNull();
    expect(
      readVersionResponse({ ok: false, error: { code: 'not_found', message: 'no such version' } }),
    ).toBeNull();
    expect(readVersionResponse({ ok: true, version: { versionId: 'v1' } })).toBeNull();
    expect(
      readVersionResponse({ ok: true, version: { versionId: 'v1', at: 1, phaseId: 3, recommendations: [] } }),
    ).toEqual({ versionId: 'v1', phaseId: null, at: 1, recommendations: [] });
    expect(
      errorMessageOf({ ok: false, error: { code: 'forbidden', message: 'only facilitators read versions' } }),
    ).toBe('only facilitators read versions');
    expect(errorMessageOf('<html>')).toBeNull();
  });

  it('names authors from the session state when it knows them', () => {
    const state = {
      members: {
        m1: {
          id: 'm1',
          name: 'Alice',
          role: 'participant',
          groupId: 'g1',
          joinedAt: 0,
          removed: true,
          attributes: {},
        },
      },
    } as unknown as SessionState;
    expect(authorName(state, 'm1')).toBe('Alice');
    expect(authorName(state, 'm9')).toBeNull();
    expect(authorName(state, '')).toBeNull();
  });
});
