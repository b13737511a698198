import { CONSENT_LEVELS } from '../../../shared/session/outcomeTypes.js';
import type { VoteMethod } from '../../../shared/session/outcomeTypes.js';
import type { ReportVote, ReportVoteResult } from './types.js';

/** Formatting shared by the Markdown and HTML renderers: plain strings, escaped by each renderer. */

export function isoTime(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** 125 → "2 min 05 s"; negative values get a minus sign. */
export function duration(sec: number): string {
  const sign = sec < 0 ? '−' : '';
  const abs = Math.abs(sec);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  if (h > 0) return `${sign}${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${sign}${m} min ${String(s).padStart(2, '0')} s`;
  return `${sign}${s} s`;
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

export function methodLabel(method: VoteMethod): string {
  switch (method.kind) {
    case 'approval':
      return 'approval (yes / no per item)';
    case 'dots':
      return `dot voting (${method.points} points, at most ${method.maxPerItem} per item)`;
    case 'consent':
      return `consent scale (1 ${CONSENT_LEVELS[0]} … 5 ${CONSENT_LEVELS[4]})`;
  }
}

/** Column headers of a vote's results table, and the cells of one result. */
export function resultColumns(vote: ReportVote): string[] {
  switch (vote.method.kind) {
    case 'approval':
      return ['Yes', 'No', 'Abstain'];
    case 'dots':
      return ['Points', 'Supporters'];
    case 'consent':
      return ['1', '2', '3', '4', '5 (block)', 'Mean'];
  }
}

export function resultCells(result: ReportVoteResult): string[] {
  const f = result.figures;
  if ('yes' in f) return [String(f.yes), String(f.no), String(f.abstain)];
  if ('points' in f) return [String(f.points), String(f.supporters)];
  return [...f.levels.map(String), f.mean === null ? '—' : f.mean.toFixed(2)];
}

export function voteStatus(vote: ReportVote): string {
  const secrecy = vote.secret ? 'secret ballot' : 'open ballot';
  const status = vote.status === 'closed' ? `closed ${isoTime(vote.closedAt)}` : 'still open';
  return `${methodLabel(vote.method)}; ${secrecy}; ${vote.voters} voter${vote.voters === 1 ? '' : 's'}; ${status}`;
}
