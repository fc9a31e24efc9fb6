import type { SwitchCase } from '@hub/core/workflows';
import { JsonataField } from './jsonata-field';
import { literalOf, textOf } from './literal-value';

interface Props {
  value: string;
  cases: SwitchCase[];
  onChange: (next: { value: string; cases: SwitchCase[] }, field: string) => void;
}

/** A switch: a value, and cases tried in order (equals a literal, or an expression holds); none matching takes `default`. */
export function SwitchForm({ value, cases, onChange }: Props) {
  const setCase = (index: number, next: SwitchCase | undefined, field: string) => {
    const list = next === undefined ? cases.filter((_, i) => i !== index) : cases.map((c, i) => (i === index ? next : c));
    onChange({ value, cases: list }, `case${index}:${field}`);
  };
  return (
    <fieldset className="wf-switch">
      <legend>Switch</legend>
      <JsonataField id="switch-value" label="Value to compare" value={value} onChange={(v) => onChange({ value: v, cases }, 'value')} help="JSONata, e.g. currency. Cases that compare with “equals” need it." />
      <ol className="wf-cases">
        {cases.map((c, index) => (
          <li key={index}>
            <label className="wf-field">
              <span>Branch name</span>
              <input type="text" data-testid={`switch-case-${index}-branch`} value={c.branch} onChange={(e) => setCase(index, { ...c, branch: e.target.value }, 'branch')} />
            </label>
            {c.when && 'expression' in c.when ? (
              <JsonataField id={`switch-case-${index}-when`} label="Taken when" value={c.when.expression} onChange={(expression) => setCase(index, { branch: c.branch, when: { expression } }, 'when')} />
            ) : (
              <label className="wf-field">
                <span>Taken when the value equals</span>
                <input type="text" data-testid={`switch-case-${index}-equals`} value={textOf(c.equals)} onChange={(e) => setCase(index, { branch: c.branch, equals: literalOf(e.target.value) }, 'equals')} />
              </label>
            )}
            <div className="wf-row">
              <button type="button" onClick={() => setCase(index, c.when ? { branch: c.branch, equals: '' } : { branch: c.branch, when: { expression: '' } }, 'mode')}>
                {c.when ? 'Compare with a value instead' : 'Use an expression instead'}
              </button>
              <button type="button" disabled={cases.length === 1} onClick={() => setCase(index, undefined, 'remove')}>
                Remove case
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange({ value, cases: [...cases, { branch: `case${cases.length + 1}`, equals: '' }] }, 'add')}>
        Add a case
      </button>
      <p className="wf-help">Each case is a way out of the node (a handle at its bottom); events no case matches leave by “default”.</p>
    </fieldset>
  );
}
