import type { WorkflowCondition } from '@hub/core/workflows';
import { JsonataField } from './jsonata-field';
import { literalOf, textOf } from './literal-value';

const OPERATORS = [
  ['equals', 'equals'],
  ['not_equals', 'does not equal'],
  ['contains', 'contains'],
  ['greater_than', 'is greater than'],
  ['less_than', 'is less than'],
  ['exists', 'exists'],
  ['not_exists', 'does not exist'],
] as const;

type Operator = (typeof OPERATORS)[number][0];

interface Props {
  /** Test-id prefix of the fields (`<id>-field`, `<id>-operator`, …). */
  id: string;
  when: WorkflowCondition;
  onChange: (when: WorkflowCondition, field: string) => void;
}

/** A condition: a field compared with a value, or a JSONata expression that must be truthy. */
export function ConditionFields({ id, when, onChange }: Props) {
  const byExpression = 'expression' in when;
  return (
    <fieldset className="wf-condition">
      <legend>Condition</legend>
      <div className="wf-choice" role="radiogroup" aria-label="How to test">
        <label>
          <input type="radio" name={`${id}-mode`} checked={!byExpression} onChange={() => onChange({ field: '', operator: 'equals', value: '' }, 'mode')} /> Compare a field
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={byExpression} onChange={() => onChange({ expression: '' }, 'mode')} /> Write an expression
        </label>
      </div>
      {'expression' in when ? (
        <JsonataField id={`${id}-expression`} label="Expression (passes when truthy)" value={when.expression} required onChange={(expression) => onChange({ expression }, 'expression')} help="JSONata, e.g. total_price > 1000 and currency = &quot;EUR&quot;" />
      ) : (
        <>
          <JsonataField id={`${id}-field`} label="Field" value={when.field} required onChange={(field) => onChange({ ...when, field }, 'field')} help="A path in the payload, e.g. total_price or customer.email" placeholder="total_price" />
          <label className="wf-field">
            <span>Operator</span>
            <select data-testid={`${id}-operator`} value={when.operator} onChange={(e) => onChange({ ...when, operator: e.target.value as Operator }, 'operator')}>
              {OPERATORS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          {when.operator === 'exists' || when.operator === 'not_exists' ? null : (
            <label className="wf-field">
              <span>Value</span>
              <input type="text" data-testid={`${id}-value`} value={textOf(when.value)} onChange={(e) => onChange({ ...when, value: literalOf(e.target.value) }, 'value')} />
              <small className="wf-help">Digits compare as a number, true/false as yes/no, anything else as text.</small>
            </label>
          )}
        </>
      )}
    </fieldset>
  );
}
