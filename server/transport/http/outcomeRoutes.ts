import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { idSchema } from '../../../shared/session/schemas.js';
import type { AccessService } from '../../core/access.js';
import { REPORT_LANGS } from '../../core/report/labels.js';
import type { ReportService } from '../../core/report/reports.js';
import type { SessionService } from '../../core/sessionService.js';
import { isFacilitatorRequest } from './auth.js';
import { sendError, zodMessage } from './errors.js';

export interface OutcomeRoutesDeps {
  sessions: SessionService;
  access: AccessService;
  reports: ReportService;
  adminToken: string;
}

const FORMATS = { json: 'application/json', md: 'text/markdown', html: 'text/html' } as const;
type Format = keyof typeof FORMATS;

/** `?format=` wins; otherwise the Accept header; JSON by default. */
function formatOf(req: Request): Format | undefined {
  const asked = req.query.format;
  if (asked !== undefined) {
    if (asked === 'markdown') return 'md';
    return typeof asked === 'string' && Object.hasOwn(FORMATS, asked) ? (asked as Format) : undefined;
  }
  const accepted = req.accepts(Object.values(FORMATS));
  return (Object.keys(FORMATS) as Format[]).find((f) => FORMATS[f] === accepted) ?? 'json';
}

/** `?lang=` overrides the session's language in the Markdown and HTML renderings; JSON has none. */
const langQuery = z.object({
  lang: z.enum(REPORT_LANGS, { error: 'lang is fr or en' }).optional(),
});

const flag = (value: unknown) => value === '1' || value === 'true' || value === 'yes';

/** The report and the log export: for the admin and the session's facilitators only. */
export function outcomeRoutes(deps: OutcomeRoutesDeps): Router {
  const router = Router();

  async function facilitatorOnly(req: Request, res: Response): Promise<string | undefined> {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) {
      sendError(res, { code: 'not_found', message: 'no such session' });
      return undefined;
    }
    const allowed = await isFacilitatorRequest(req, res, id.data, deps, {
      missing: 'send the admin token or a facilitator token',
      forbidden: 'only facilitators and the admin can read this',
    });
    if (!allowed) return undefined;
    return id.data;
  }

  router.get('/sessions/:id/report', async (req, res) => {
    const id = await facilitatorOnly(req, res);
    if (!id) return;
    const format = formatOf(req);
    if (!format) return sendError(res, { code: 'bad_request', message: 'format is json, md or html' });
    const query = langQuery.safeParse({ lang: req.query.lang });
    if (!query.success) return sendError(res, { code: 'bad_request', message: zodMessage(query.error) });
    const rendered = await deps.reports.report(id, {
      format,
      lang: query.data.lang,
      pseudonymise: flag(req.query.pseudonymise),
    });
    if (!rendered) return sendError(res, { code: 'not_found', message: 'no such session' });
    res.vary('Accept');
    if (rendered.format === 'json') return void res.json({ ok: true, report: rendered.report });
    res.set('Content-Language', rendered.lang);
    if (rendered.format === 'md') return void res.type('text/markdown; charset=utf-8').send(rendered.body);
    // The page is self-contained: nothing may load or run.
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('text/html; charset=utf-8').send(rendered.body);
  });

  router.get('/sessions/:id/log', async (req, res) => {
    const id = await facilitatorOnly(req, res);
    if (!id) return;
    const format = req.query.format ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'json') {
      return sendError(res, { code: 'bad_request', message: 'format is jsonl or json' });
    }
    const log = await deps.reports.log(id, { pseudonymise: flag(req.query.pseudonymise) });
    if (!log) return sendError(res, { code: 'not_found', message: 'no such session' });
    const { events, headHash: head } = log;
    res.set('X-Palabre-Head-Hash', head);
    if (format === 'json') return void res.json({ ok: true, sessionId: id, headHash: head, events });
    res.set('Content-Disposition', `attachment; filename="${id}.log.jsonl"`);
    // The first line says how long the log is and where it ends, so a file cut in transit is caught by
    // verify-log; the events follow, one per line.
    const header = {
      palabreLog: {
        sessionId: id,
        events: events.length,
        headHash: head,
        ...(flag(req.query.pseudonymise) ? { pseudonymised: true } : {}),
      },
    };
    res
      .type('application/x-ndjson; charset=utf-8')
      .send([header, ...events].map((line) => `${JSON.stringify(line)}\n`).join(''));
  });

  return router;
}
