import { useState } from 'react';
import { ActionError } from './action-error';
import { parseDocumentText } from './document-text';
import { saveVersion } from './workflow-api';
import { useOperatorAction } from './use-operator-action';

/** Paste or upload a JSON / YAML document (what `hub workflows apply` takes) and save it as a new version. */
export function ImportTab({ name, onSaved }: { name: string; onSaved(): void }) {
  const action = useOperatorAction(onSaved);
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const [activate, setActivate] = useState(false);
  const [syntax, setSyntax] = useState<string>();
  const [saved, setSaved] = useState<{ name: string; version: number }>();
  const parsed = text.trim() ? parseDocumentText(text) : undefined;
  const otherName = parsed?.ok ? (parsed.value as { name?: unknown }).name : undefined;

  const upload = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };
  const save = async () => {
    setSaved(undefined);
    const result = parseDocumentText(text);
    if (!result.ok) return setSyntax(result.message);
    setSyntax(undefined);
    const answer = await action.run(() => saveVersion(result.value, message, activate));
    if (answer) setSaved(answer);
  };

  return (
    <form className="import-form" data-testid="import" onSubmit={(e) => (e.preventDefault(), void save())}>
      <label>
        file (.json, .yaml)
        <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" data-testid="import-file" onChange={(e) => void upload(e.target.files?.[0])} />
      </label>
      <label>
        document
        <textarea rows={16} spellCheck={false} data-testid="import-text" value={text} onChange={(e) => setText(e.target.value)} placeholder="name: orders&#10;trigger: { connector: shopify, event: orders/create }&#10;nodes: …" />
      </label>
      {typeof otherName === 'string' && otherName !== name ? (
        <p className="hint" data-testid="import-other-name">
          This document is named “{otherName}”: it is saved as a version of that workflow, not of {name}.
        </p>
      ) : null}
      <label>
        message (why this version)
        <input maxLength={500} data-testid="import-message" value={message} onChange={(e) => setMessage(e.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" data-testid="import-activate" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> make it the active version
      </label>
      <div className="actions">
        <button type="submit" data-testid="import-save" disabled={action.busy || text.trim() === ''}>
          Save as new version
        </button>
      </div>
      {syntax ? (
        <p className="error" role="alert" data-testid="import-syntax">
          {syntax}
        </p>
      ) : null}
      <ActionError error={action.error} />
      {saved ? (
        <p data-testid="import-saved" data-version={saved.version}>
          Saved <a href={`#/workflows/${encodeURIComponent(saved.name)}?tab=versions`}>{saved.name} v{saved.version}</a>
          {activate ? ', now active' : ' (not active: roll back to it or try it as a canary)'}.
        </p>
      ) : null}
    </form>
  );
}
