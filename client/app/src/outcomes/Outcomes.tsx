import { lazyComponent } from '../components/lazy.js';
import { t } from '../i18n.js';
import type { OutcomesConsoleProps } from './OutcomesConsole.js';

/** The facilitator's outcome tools, loaded after the console: participants and observers never need them. */
export const Outcomes = lazyComponent<OutcomesConsoleProps>(
  () => import('./OutcomesConsole.js').then((m) => m.OutcomesConsole),
  () => (
    <section class="card" aria-busy="true">
      <p role="status" class="muted">
        {t('outcomes.loading')}
      </p>
    </section>
  ),
);
