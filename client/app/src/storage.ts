/**
 * What the page keeps in the browser: the resume token of each invite it joined with, so that a reload or
 * a reopened link comes back as the same member instead of joining again.
 */
const key = (invite: string) => `palabre:resume:${invite.slice(-32)}`;

export function loadResume(invite: string): string | null {
  try {
    return localStorage.getItem(key(invite));
  } catch {
    return null;
  }
}

export function saveResume(invite: string, resume: string): void {
  try {
    localStorage.setItem(key(invite), resume);
  } catch {
    // Private mode or full storage: the session still works, a reload will ask for the name again.
  }
}

export function forgetResume(invite: string): void {
  try {
    localStorage.removeItem(key(invite));
  } catch {
    // nothing to forget
  }
}

/**
 * The reader's own ballot of a vote, kept in this browser only: a secret ballot is nowhere else the page can
 * read it back, and the page shows it again (to change it) after a reload.
 */
const ballotKey = (voteId: string, memberId: string) => `palabre:ballot:${voteId}:${memberId}`;

export function loadBallot(voteId: string, memberId: string): Record<string, boolean | number> | null {
  try {
    const saved = localStorage.getItem(ballotKey(voteId, memberId));
    const parsed: unknown = saved ? JSON.parse(saved) : null;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, boolean | number>) : null;
  } catch {
    return null;
  }
}

export function saveBallot(voteId: string, memberId: string, ballot: Record<string, boolean | number>): void {
  try {
    localStorage.setItem(ballotKey(voteId, memberId), JSON.stringify(ballot));
  } catch {
    // The ballot is recorded by the server anyway; only showing it back after a reload is lost.
  }
}
