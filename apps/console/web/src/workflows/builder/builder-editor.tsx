import { useEffect, useMemo, useState } from 'react';
import type { WorkflowCatalog } from '@hub/console';
import { TRIGGER_ID } from '../graph/document-to-flow';
import type { NodeHighlight } from '../graph/graph-types';
import { BuilderCanvas } from './builder-canvas';
import type { Refusal } from './builder-api';
import { tryOnStoredEvents } from './builder-api';
import { ImportExport } from './import-export';
import { NodePanel } from './node-panel';
import { Palette } from './palette';
import type { PaletteItem } from './palette-item';
import { PreviewEventContext } from './preview-context';
import { placeProblems, type PlacedProblems } from './problems-by-node';
import { ProblemsBanner } from './problems-banner';
import { SamplePicker } from './sample-picker';
import { SavePanel } from './save-panel';
import { TryPanel } from './try-panel';
import { canvasOf, useBuilder, type Canvas } from './use-builder';
import { useUndoKeys } from './use-undo-keys';

interface Props {
  catalog: WorkflowCatalog;
  initial: Canvas;
  /** The workflow's name when editing a saved one. */
  editing: string | undefined;
  savedVersion: string | null;
  onSaved: (name: string, version: number) => void;
}

type Tab = 'node' | 'try' | 'files';

/** The builder: palette, canvas and the side panel of the selected node, with check, try, save, undo and import/export. */
export function BuilderEditor({ catalog, initial, editing, savedVersion, onSaved }: Props) {
  const builder = useBuilder(initial);
  const { canvas, document } = builder;
  const [problems, setProblems] = useState<PlacedProblems | null>(null);
  const [path, setPath] = useState<string[]>([]);
  const [tab, setTab] = useState<Tab>('node');
  const [sample, setSample] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(savedVersion ? `Saved version ${savedVersion}.` : null);
  useUndoKeys(builder.undo, builder.redo);

  const selected = canvas.nodes.find((n) => n.selected);
  const triggerNode = canvas.nodes.find((n) => n.id === TRIGGER_ID);
  const trigger = triggerNode?.data.item.kind === 'trigger' ? triggerNode.data.item.trigger : undefined;
  const highlight = useMemo(() => Object.fromEntries(path.map((id): [string, NodeHighlight] => [id, 'taken'])), [path]);
  const byNode = problems?.byNode ?? {};

  // A different node selected: show its form.
  const selectedId = selected?.id;
  useEffect(() => {
    if (selectedId) setTab('node');
  }, [selectedId]);

  const refused = (refusal: Refusal) => {
    setNotice(null);
    setProblems(placeProblems(refusal.nodeProblems, canvas.edges));
  };
  const check = async () => {
    setNotice(null);
    const answer = await tryOnStoredEvents(document, { last: 1 });
    if (answer.ok) setProblems({ byNode: {}, general: [] });
    else refused(answer.refusal);
  };
  const add = (item: PaletteItem) => {
    const lowest = Math.max(-120, ...canvas.nodes.map((n) => n.position.y));
    builder.drop(item, { x: 0, y: lowest + 130 });
  };

  return (
    <PreviewEventContext.Provider value={sample}>
      <div className="wf-builder" data-testid="workflow-builder">
        <header className="wf-builder-head">
          <h1>{editing ? `Edit workflow ${editing}` : 'New workflow'}</h1>
          <label className="wf-field">
            <span>
              Name<abbr title="required" className="wf-required"> *</abbr>
            </span>
            <input type="text" value={canvas.meta.name} data-testid="workflow-name" readOnly={editing !== undefined} placeholder="high-value-orders" onChange={(e) => builder.setMeta({ ...canvas.meta, name: e.target.value }, 'name')} />
            <small className="wf-help">{editing ? 'A saved workflow keeps its name.' : 'Lower-case letters, digits and dashes; it cannot change later.'}</small>
          </label>
          <label className="wf-field wf-grow">
            <span>Description</span>
            <input type="text" value={canvas.meta.description ?? ''} data-testid="workflow-description" onChange={(e) => builder.setMeta({ ...canvas.meta, description: e.target.value }, 'description')} />
          </label>
        </header>
        <div className="wf-toolbar" role="toolbar" aria-label="Canvas">
          <button type="button" onClick={builder.undo} disabled={!builder.canUndo} title="Ctrl+Z" data-testid="undo">
            Undo
          </button>
          <button type="button" onClick={builder.redo} disabled={!builder.canRedo} title="Ctrl+Shift+Z" data-testid="redo">
            Redo
          </button>
          <button type="button" onClick={builder.layout} data-testid="auto-layout">
            Auto-layout
          </button>
          <button type="button" onClick={check} data-testid="check">
            Check
          </button>
          <SavePanel document={document} onRefused={refused} onSaved={(name, version) => { setProblems(null); setNotice(`Saved version ${version}.`); onSaved(name, version); }} />
        </div>
        {notice ? (
          <div className="wf-banner wf-banner-ok" role="status" data-testid="save-notice">
            {notice} <a href={`#/workflows/${encodeURIComponent(canvas.meta.name)}`}>Open the workflow</a>
          </div>
        ) : null}
        <ProblemsBanner problems={problems} onShow={builder.select} />
        <div className="wf-columns">
          <Palette catalog={catalog} onAdd={add} />
          <BuilderCanvas builder={builder} highlight={highlight} problems={byNode} />
          <aside className="wf-side">
            <nav className="wf-tabs" role="tablist">
              {(
                [
                  ['node', 'Selected node'],
                  ['try', 'Try on stored events'],
                  ['files', 'Import / export'],
                ] as const
              ).map(([id, label]) => (
                <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'active' : ''} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
                  {label}
                </button>
              ))}
            </nav>
            <SamplePicker trigger={trigger} eventId={sample} onPick={setSample} />
            {tab === 'node' ? (
              selected ? (
                <NodePanel node={selected} catalog={catalog} builder={builder} problems={byNode[selected.id] ?? []} />
              ) : (
                <p className="wf-help">Select a node on the canvas to fill in its settings.</p>
              )
            ) : null}
            {tab === 'try' ? <TryPanel document={document} onPath={setPath} onRefused={refused} onChecked={() => setProblems(null)} /> : null}
            {tab === 'files' ? <ImportExport document={document} onImport={(doc) => builder.replace(canvasOf(editing ? { ...doc, name: editing } : doc))} /> : null}
          </aside>
        </div>
      </div>
    </PreviewEventContext.Provider>
  );
}
