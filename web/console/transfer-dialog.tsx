/**
 * Transfer: pick an online colleague (with their load) or a department, say why (the visitor
 * reads it), send. Errors from the server (gone offline, full, unknown) show in the dialog.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AckPayloads } from '../sdk/types';
import { t } from './strings';
import { FormError } from './form-error';

export interface TransferDialogProps {
  readonly load: () => Promise<AckPayloads['listTransferTargets']>;
  /** `urgent`: to a department only, ahead of everyone waiting there. */
  readonly onTransfer: (to: { toAgentId: string } | { toDepartment: string; urgent?: boolean }, reason: string) => Promise<void>;
  readonly onDone: () => void;
}

export function TransferDialog({ load, onTransfer, onDone }: TransferDialogProps) {
  const [targets, setTargets] = useState<AckPayloads['listTransferTargets']>();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [error, setError] = useState<string>();
  const first = useRef<HTMLSelectElement>(null);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic'));
  useEffect(() => {
    load().then((found) => {
      setTargets(found);
      setTo(found.agents[0] ? `agent:${found.agents[0].agentId}` : `department:${found.departments[0]?.id ?? ''}`);
      first.current?.focus();
    }, fail);
  }, []);
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-label={t('transfer.title')} onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <form
        class="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const [kind, id = ''] = to.split(/:(.*)/);
          setError(undefined);
          onTransfer(kind === 'agent' ? { toAgentId: id } : { toDepartment: id, ...(urgent ? { urgent } : {}) }, reason).then(onDone, fail);
        }}
      >
        <h2>{t('transfer.title')}</h2>
        <label>
          {t('transfer.to')}
          <select ref={first} value={to} onChange={(e) => setTo(e.currentTarget.value)}>
            <optgroup label={t('transfer.agents')}>
              {targets?.agents.map((a) => (
                <option key={a.agentId} value={`agent:${a.agentId}`}>
                  {t('transfer.load', { name: a.name, active: a.activeChats, max: a.maxChats })}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('transfer.departments')}>
              {targets?.departments.map((d) => (
                <option key={d.id} value={`department:${d.id}`}>
                  {d.name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        {targets && targets.agents.length === 0 ? <p class="muted">{t('transfer.noAgents')}</p> : null}
        {to.startsWith('department:') ? (
          <label class="check">
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.currentTarget.checked)} />
            {t('transfer.urgent')}
          </label>
        ) : null}
        <label>
          {t('transfer.reason')}
          <input value={reason} maxLength={300} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <FormError error={error} />
        <div class="dialog-actions">
          <button type="button" class="ghost" onClick={onDone}>
            {t('canned.cancel')}
          </button>
          <button type="submit" class="primary">
            {t('transfer.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
