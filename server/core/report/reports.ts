import { PERSONAL_EVENTS } from '../personalData.js';
import type { SessionEvent } from '../../../shared/session/events.js';
import type { Clock } from '../clock.js';
import type { SessionService } from '../sessionService.js';
import { buildReport, namer } from './buildReport.js';
import type { Report } from './types.js';
import { renderHtml } from './html.js';
import { reportLangOf } from './labels.js';
import type { ReportLang } from './labels.js';
import { renderMarkdown } from './markdown.js';
import { speakingTimesFromLog } from './speakingTimes.js';

/** How a report is asked for: a rendering, a language (default: the session's), names or pseudonyms. */
export interface ReportRequest {
  format: 'json' | 'md' | 'html';
  lang?: ReportLang | undefined;
  pseudonymise: boolean;
}

export type RenderedReport =
  { format: 'json'; report: Report } | { format: 'md' | 'html'; lang: ReportLang; body: string };

/**
 * The session's outcomes for elected officials and the public record: the report (built from the state and
 * the log up to the same version, so it and its head hash describe the same moment) and the log export.
 */
export class ReportService {
  constructor(
    private readonly sessions: SessionService,
    private readonly clock: Clock,
  ) {}

  /** The report in the asked rendering, or null when there is no such session. */
  async report(sessionId: string, request: ReportRequest): Promise<RenderedReport | null> {
    const state = await this.sessions.get(sessionId);
    if (!state) return null;
    const events = (await this.sessions.eventsAfter(sessionId, 0)).slice(0, state.version);
    const lang = request.lang ?? reportLangOf(state.locale);
    const report = buildReport(state, events, {
      now: this.clock.now(),
      pseudonymise: request.pseudonymise,
      speaking: speakingTimesFromLog(state, events),
      // JSON carries data, not prose: its few labels stay in English.
      lang: request.format === 'json' ? 'en' : lang,
    });
    if (request.format === 'json') return { format: 'json', report };
    const body = request.format === 'md' ? renderMarkdown(report, lang) : renderHtml(report, lang);
    return { format: request.format, lang, body };
  }

  /**
   * The whole hash-chained log and its head hash, or null when there is no such session. Pseudonymised:
   * names become the report's pseudonyms and attributes are left out — it still verifies, since hashes
   * cover personal values only through their salted commitments (events logged before those existed
   * carried names inline: pseudonymising them breaks their hash, and verify-log says so).
   */
  async log(
    sessionId: string,
    options: { pseudonymise?: boolean } = {},
  ): Promise<{ events: SessionEvent[]; headHash: string } | null> {
    const events = await this.sessions.eventsAfter(sessionId, 0);
    if (events.length === 0) return null;
    const headHash = events[events.length - 1]!.hash;
    if (!options.pseudonymise) return { events, headHash };
    const state = await this.sessions.get(sessionId);
    if (!state) return null;
    const name = namer(state, true, 'en');
    const pseudonymous = events.map((event) => {
      const fields = PERSONAL_EVENTS[event.type];
      if (!fields) return event;
      const data = fields.strip(event.data as Record<string, unknown>);
      const members = Object.keys(fields.take(event.data as Record<string, unknown>));
      const values = Object.fromEntries(
        members.map((id) => [id, { name: name(id), attributes: {}, profile: {} }]),
      );
      return { ...event, data: fields.restore(data, values) } as SessionEvent;
    });
    return { events: pseudonymous, headHash };
  }
}
