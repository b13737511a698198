// @ts-check
/**
 * StrykerJS mutation testing of the domain (`shared/session`) and the core (`server/core`) against the unit
 * tests: `npm run mutate -- <slice>…` (scripts/mutate.mjs picks the slice through MUTATE_SLICE). Not in CI: a
 * whole run takes tens of minutes on two cores. docs/mutation-testing.md has the figures and the survivors.
 */

/**
 * Slices of the code, each run on its own (with its own incremental file and reports) so a run fits on a
 * shared two-core machine. `session` and `core` are the whole folders; the others are parts of them, for the
 * areas whose survivors are read one by one (queue and turns, votes, the document gate).
 * @type {Record<string, { about: string, mutate: string[] }>}
 */
export const SLICES = {
  session: { about: 'the whole pure domain', mutate: ['shared/session/**/*.ts'] },
  core: { about: 'the whole core (services, reactions, documents, report)', mutate: ['server/core/**/*.ts'] },
  floor: { about: 'speaking queue and turns (domain)', mutate: ['shared/session/floor/**/*.ts'] },
  queue: {
    about: 'the speaking queue: raising, lowering, order, policies',
    mutate: [
      'shared/session/floor/order.ts',
      'shared/session/floor/decide.ts',
      'shared/session/floor/evolve.ts',
    ],
  },
  turns: {
    about: 'turns: lengths, timers, expiry (domain and the turn timers reaction)',
    mutate: [
      'shared/session/floor/turns.ts',
      'shared/session/floor/effects.ts',
      'server/core/reactions/turnTimers.ts',
    ],
  },
  votes: {
    about: 'votes: ballots, tally, the secret ballot box reaction',
    mutate: [
      'shared/session/outcomes/votes.ts',
      'shared/session/outcomes/tally.ts',
      'server/core/reactions/secretBallots.ts',
    ],
  },
  outcomes: { about: 'draws, harvest, votes (domain)', mutate: ['shared/session/outcomes/**/*.ts'] },
  documents: {
    about: 'the document gate: who may read and write a group document, versions',
    mutate: ['shared/session/documents/**/*.ts', 'server/core/documents/documentService.ts'],
  },
  members: { about: 'session, settings, members (domain)', mutate: ['shared/session/members/**/*.ts'] },
  phases: { about: 'agenda, groups, phases (domain)', mutate: ['shared/session/phases/**/*.ts'] },
  reactions: { about: 'reactions to session events (core)', mutate: ['server/core/reactions/**/*.ts'] },
  'core-documents': {
    about: 'live documents, registry, update scan (core)',
    mutate: ['server/core/documents/**/*.ts'],
  },
  report: { about: 'the session report (core)', mutate: ['server/core/report/**/*.ts'] },
};

const slice = process.env.MUTATE_SLICE ?? 'session';
/**
 * Static mutants (module-level code: the command table's issuers, zod schemas, limits, label tables) are left
 * out unless MUTATE_STATIC=1 (`npm run mutate -- <slice> --static`): each one reloads every module and runs
 * the whole unit suite (about 30 s of overhead each on two loaded cores), so they took 43 % of the time of the
 * `session` slice for 10 % of its mutants. Stryker reports them as Ignored, outside the score.
 */
const withStatic = process.env.MUTATE_STATIC === '1';
const name = withStatic ? `${slice}.static` : slice;
const chosen = SLICES[slice];
if (!chosen) throw new Error(`unknown mutation slice "${slice}" (one of ${Object.keys(SLICES).join(', ')})`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  // Each mutant runs only the tests that reached it in the dry run.
  coverageAnalysis: 'perTest',
  ignoreStatic: !withStatic,
  mutate: [...chosen.mutate, '!**/types.ts', '!**/index.ts'],
  // The machine is shared: two workers at most (scripts/mutate.mjs also runs Stryker under `nice -n 10`).
  concurrency: 2,
  // Keeps the results of unchanged code and tests between runs: a second run only tries what changed.
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  timeoutMS: 10_000,
  thresholds: { high: 80, low: 60, break: null },
};
