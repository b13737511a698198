import { useState } from 'preact/hooks';
import type { Command } from '../../../../shared/session/commands.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';

export interface CommandRunner {
  run(command: Command): Promise<boolean>;
  busy: boolean;
  /** The last refusal, to show beside the control that caused it (role="alert"). */
  error: string | null;
}

/** Sends commands and keeps the last refusal for display. */
export function useCommand(controller: SessionController): CommandRunner {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    async run(command) {
      setBusy(true);
      setError(null);
      const ack = await controller.command(command);
      setBusy(false);
      if (!ack.ok) setError(t('command.failed', { message: ack.error.message }));
      return ack.ok;
    },
  };
}
