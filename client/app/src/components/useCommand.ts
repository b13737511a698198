import { useRef, useState } from 'preact/hooks';
import type { PalabreError } from '../../../../shared/errors.js';
import type { Command } from '../../../../shared/session/commands.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';

export interface CommandRunner {
  /** Sends a command; false when it was refused, or dropped because one from this control is in flight. */
  run(command: Command): Promise<boolean>;
  busy: boolean;
  /** The last refusal, to show beside the control that caused it (role="alert"). */
  error: string | null;
}

/**
 * What to tell the person who clicked. Relative commands carry what the screen showed (the phase, the turn);
 * `conflict` on them means someone else acted first, so say plainly that the click came too late and that
 * nothing was done, rather than echo the server's message.
 */
export function refusalMessage(command: Command, error: PalabreError): string {
  if (error.code === 'conflict') {
    switch (command.type) {
      case 'phase.goto':
        return t('tooLate.phase');
      case 'floor.give':
      case 'turn.extend':
      case 'turn.end':
        return t('tooLate.floor');
      case 'turn.yield':
        return t('tooLate.yield');
      case 'queue.skip':
        return t('tooLate.queue');
    }
  }
  return t('command.failed', { message: error.message });
}

/**
 * Sends commands and keeps the last refusal for display. A second click while the first command of this
 * control is still in flight (a double click, before the button is disabled) is dropped, not sent.
 */
export function useCommand(controller: SessionController): CommandRunner {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  return {
    busy,
    error,
    async run(command) {
      if (inFlight.current) return false;
      inFlight.current = true;
      setBusy(true);
      setError(null);
      try {
        const ack = await controller.command(command);
        if (!ack.ok) setError(refusalMessage(command, ack.error));
        return ack.ok;
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
  };
}
