import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { WorkflowCatalog } from '@hub/console';
import { navigate } from '../../router';
import { loadCatalog, loadLatestDocument } from './builder-api';
import { BuilderEditor } from './builder-editor';
import { canvasOf, EMPTY_CANVAS, type Canvas } from './use-builder';
import './builder.css';

/** #/workflows/new (an empty canvas) and #/workflows/:name/edit (its newest version; `?saved=N` after a save). */
export function WorkflowBuilderPage({ name, saved }: { name?: string; saved?: string | null }) {
  const [loaded, setLoaded] = useState<{ catalog: WorkflowCatalog; canvas: Canvas } | { failed: string } | null>(null);
  useEffect(() => {
    let current = true;
    setLoaded(null);
    Promise.all([loadCatalog(), name ? loadLatestDocument(name) : Promise.resolve(null)]).then(
      ([catalog, document]) => {
        if (!current) return;
        if (name && !document) return setLoaded({ failed: `There is no workflow named “${name}”.` });
        setLoaded({ catalog, canvas: document ? canvasOf(document) : EMPTY_CANVAS });
      },
      (err: unknown) => current && setLoaded({ failed: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      current = false;
    };
  }, [name]);

  if (loaded === null) return <p>Loading the workflow builder…</p>;
  if ('failed' in loaded) {
    return (
      <p className="error">
        {loaded.failed} <a href="#/workflows/new">Start a new workflow</a>
      </p>
    );
  }
  return (
    <ReactFlowProvider>
      <BuilderEditor key={name ?? 'new'} catalog={loaded.catalog} initial={loaded.canvas} editing={name} savedVersion={saved ?? null} onSaved={(savedName, version) => navigate(`/workflows/${encodeURIComponent(savedName)}/edit?saved=${version}`)} />
    </ReactFlowProvider>
  );
}
