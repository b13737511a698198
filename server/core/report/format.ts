import type { VoteMethod } from '../../../shared/session/outcomes/types.js';
import { REPORT_LABELS, reportLangOf } from './labels.js';
import type { ReportLabels, ReportLang } from './labels.js';
import type { ReportVote, ReportVoteResult } from './types.js';

/** 125 → "2 min 05 s"; negative values get a minus sign. The same in French and English. */
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

/**
 * The session's own locale when it has a region and speaks the report's language (fr-CA writes dates its
 * way), else the language's default (fr-FR, en-GB: day before month, 24-hour clock).
 */
function intlLocale(locale: string, lang: ReportLang): string {
  const fallback = REPORT_LABELS[lang].intlLocale;
  if (!locale.includes('-') || reportLangOf(locale) !== lang) return fallback;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? fallback;
  } catch {
    return fallback;
  }
}

/** Plain strings in the report's language, escaped by each renderer. */
export interface ReportFormat {
  lang: ReportLang;
  t: ReportLabels;
  /** The IANA time zone times are written in. */
  timeZone: string;
  /** "22/11/2026 14:05", in the session's time zone (the report says which once); "—" for no time. */
  time(ms: number | null): string;
  duration(sec: number): string;
  /** 0.755 → "75.5%" / "75,5 %". */
  percent(share: number): string;
  /** 0.5 with 2 digits → "0.50" / "0,50". */
  decimal(value: number, digits: number): string;
  methodLabel(method: VoteMethod): string;
  resultColumns(vote: ReportVote): string[];
  resultCells(result: ReportVoteResult): string[];
  voteStatus(vote: ReportVote): string;
}

/**
 * Formats of a report: `sessionLocale` (`fr-FR`) picks date and number conventions within `lang`; times are
 * written in `timeZone` (IANA; UTC when the runtime does not know it).
 */
export function reportFormat(
  sessionLocale: string,
  lang: ReportLang = reportLangOf(sessionLocale),
  timeZone = 'UTC',
): ReportFormat {
  const t = REPORT_LABELS[lang];
  const locale = intlLocale(sessionLocale, lang);
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat(locale, { timeZone }).format(0);
  } catch {
    zone = 'UTC';
  }
  const dates = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const decimal = (value: number, digits: number) => {
    let f = decimals.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      decimals.set(digits, f);
    }
    return f.format(value);
  };
  const time = (ms: number | null) => (ms === null ? '—' : dates.format(ms));

  const methodLabel = (method: VoteMethod) => {
    switch (method.kind) {
      case 'approval':
        return t.method.approval;
      case 'dots':
        return t.method.dots(method.points, method.maxPerItem);
      case 'consent':
        return t.method.consent(t.consentLevels[0], t.consentLevels[4]);
    }
  };

  return {
    lang,
    t,
    timeZone: zone,
    time,
    duration,
    percent: (share) => percents.format(share),
    decimal,
    methodLabel,
    resultColumns(vote) {
      const c = t.column;
      switch (vote.method.kind) {
        case 'approval':
          return [c.yes, c.no, c.abstain];
        case 'dots':
          return [c.points, c.supporters];
        case 'consent':
          return ['1', '2', '3', '4', `5 (${c.block})`, c.mean];
      }
    },
    resultCells(result) {
      const f = result.figures;
      if ('yes' in f) return [String(f.yes), String(f.no), String(f.abstain)];
      if ('points' in f) return [String(f.points), String(f.supporters)];
      return [...f.levels.map(String), f.mean === null ? '—' : decimal(f.mean, 2)];
    },
    voteStatus(vote) {
      return [
        methodLabel(vote.method),
        vote.secret ? t.secretBallot : t.openBallot,
        t.voters(vote.voters),
        vote.status === 'closed' ? t.closedAt(time(vote.closedAt)) : t.stillOpen,
      ].join(t.sep);
    },
  };
}
