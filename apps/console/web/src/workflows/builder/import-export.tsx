import { useEffect, useMemo, useState } from 'react';
import type { WorkflowDocument } from '@hub/core/workflows';
import { documentText, readDocument } from './document-text';

interface Props {
  document: WorkflowDocument;
  onImport: (document: WorkflowDocument) => void;
}

function useDownloadUrl(text: string, type: string): string {
  const url = useMemo(() => URL.createObjectURL(new Blob([text], { type })), [text, type]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return url;
}

/** The document as `hub workflows apply` takes it, to download; and a JSON/YAML file or pasted text loaded into the canvas. */
export function ImportExport({ document, onImport }: Props) {
  const json = useMemo(() => documentText(document, 'json'), [document]);
  const yaml = useMemo(() => documentText(document, 'yaml'), [document]);
  const jsonUrl = useDownloadUrl(json, 'application/json');
  const yamlUrl = useDownloadUrl(yaml, 'application/yaml');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const base = document.name || 'workflow';

  const load = (source: string) => {
    const read = readDocument(source);
    if (!read.ok) return setProblem(read.problem);
    setProblem(null);
    setText('');
    onImport(read.document);
  };

  return (
    <section className="wf-import-export" aria-label="Import and export">
      <h3>Export</h3>
      <p className="wf-help">
        The same document <code>hub workflows apply</code> takes.{' '}
        <a href={jsonUrl} download={`${base}.json`} data-testid="export-json">
          Download JSON
        </a>{' '}
        ·{' '}
        <a href={yamlUrl} download={`${base}.yaml`} data-testid="export-yaml">
          Download YAML
        </a>
      </p>
      <h3>Import</h3>
      <label className="wf-field">
        <span>A JSON or YAML file</span>
        <input type="file" accept=".json,.yaml,.yml,application/json,text/yaml" data-testid="import-file" onChange={async (e) => { const file = e.target.files?.[0]; if (file) load(await file.text()); e.target.value = ''; }} />
      </label>
      <label className="wf-field">
        <span>…or paste it</span>
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} data-testid="import-text" spellCheck={false} />
      </label>
      <button type="button" onClick={() => load(text)} disabled={!text.trim()} data-testid="import-load">
        Load into the canvas
      </button>
      {problem ? (
        <p className="error" role="alert" data-testid="import-problem">
          {problem}
        </p>
      ) : null}
      <p className="wf-help">Loading replaces what is on the canvas (Undo brings it back).</p>
    </section>
  );
}
