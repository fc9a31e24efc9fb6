import { useState, type DragEvent } from 'react';
import type { WorkflowCatalog } from '@hub/console';
import { PALETTE_MIME, paletteTestId, type PaletteItem } from './palette-item';

interface Props {
  catalog: WorkflowCatalog;
  /** Keyboard and click alternative to dragging: adds the item next to the others. */
  onAdd: (item: PaletteItem) => void;
}

function Item({ item, label, help, onAdd }: { item: PaletteItem; label: string; help?: string; onAdd: Props['onAdd'] }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <li>
      <button type="button" draggable onDragStart={onDragStart} onClick={() => onAdd(item)} className={`wf-palette-item wf-palette-${item.kind}`} data-testid={paletteTestId(item)} title={help ?? 'Drag onto the canvas, or click to add'}>
        {label}
      </button>
    </li>
  );
}

/** What a workflow can be built from: triggers and actions of the installed connectors, and the built-in steps. */
export function Palette({ catalog, onAdd }: Props) {
  const [search, setSearch] = useState('');
  const matches = (text: string) => text.toLowerCase().includes(search.trim().toLowerCase());
  const triggers = catalog.connectors.filter((c) => c.receivesWebhooks && c.events.length > 0);
  const actions = catalog.connectors.filter((c) => c.actions.length > 0);
  const open = search.trim().length > 0;
  return (
    <aside className="wf-palette" aria-label="Workflow building blocks">
      <label className="wf-field">
        <span>Find a block</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="shopify, create, slack…" />
      </label>
      <h3>Logic</h3>
      <ul>
        <Item item={{ kind: 'condition' }} label="Condition (if / else)" help="Two ways out: true and false" onAdd={onAdd} />
        <Item item={{ kind: 'switch' }} label="Switch (several cases)" help="One way out per case, plus default" onAdd={onAdd} />
        <Item item={{ kind: 'transform' }} label="Transform (compute a value)" help="Its value is $steps.<id> for the steps after it" onAdd={onAdd} />
        {catalog.steps.notify ? <Item item={{ kind: 'notify' }} label="Slack notify" help="Posts a message to a Slack channel" onAdd={onAdd} /> : null}
        {catalog.steps.forward ? <Item item={{ kind: 'forward' }} label="Forward (POST the payload)" help="POSTs the webhook as it came to a URL" onAdd={onAdd} /> : null}
      </ul>
      <h3>Triggers</h3>
      {triggers.map((c) => {
        const events = c.events.filter((e) => matches(`${c.name} ${c.id} ${e}`));
        return events.length === 0 ? null : (
          <details key={c.id} open={open}>
            <summary>{c.name}</summary>
            <ul>
              {events.map((event) => (
                <Item key={event} item={{ kind: 'trigger', connector: c.id, event }} label={event} help={`Runs when ${c.name} sends ${event}`} onAdd={onAdd} />
              ))}
            </ul>
          </details>
        );
      })}
      <h3>Actions</h3>
      {actions.map((c) => {
        const list = c.actions.filter((a) => matches(`${c.name} ${c.id} ${a.name} ${a.description}`));
        return list.length === 0 ? null : (
          <details key={c.id} open={open}>
            <summary>{c.name}</summary>
            <ul>
              {list.map((a) => (
                <Item key={a.name} item={{ kind: 'action', connector: c.id, action: a.name }} label={a.name} help={a.description} onAdd={onAdd} />
              ))}
            </ul>
          </details>
        );
      })}
    </aside>
  );
}
