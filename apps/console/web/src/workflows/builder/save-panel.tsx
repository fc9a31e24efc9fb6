import { useState } from 'react';
import type { WorkflowGraph } from '@hub/core/workflows';
import { saveVersion, type Refusal } from './builder-api';

interface Props {
  document: WorkflowGraph;
  onSaved: (name: string, version: number) => void;
  onRefused: (refusal: Refusal) => void;
}

/** Saves the canvas as the workflow's next immutable version, with why, activated now or kept to try as a canary. */
export function SavePanel({ document, onSaved, onRefused }: Props) {
  const [message, setMessage] = useState('');
  const [activate, setActivate] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setFailed(null);
    try {
      const answer = await saveVersion(document, message, activate);
      if (answer.ok) {
        setMessage('');
        onSaved(answer.name, answer.version);
      } else onRefused(answer.refusal);
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="wf-save" role="group" aria-label="Save">
      <label className="wf-field wf-grow">
        <span>What changed (version message)</span>
        <input type="text" maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} data-testid="save-message" placeholder="e.g. high-value orders also to Slack" />
      </label>
      <label className="wf-check" title="Off: the version is stored to try as a canary first">
        <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} data-testid="save-activate" /> Activate now
      </label>
      <button type="button" className="wf-primary" onClick={save} disabled={busy} data-testid="save">
        {busy ? 'Saving…' : 'Save as new version'}
      </button>
      {failed ? <span className="error">{failed}</span> : null}
    </div>
  );
}
