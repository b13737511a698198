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
