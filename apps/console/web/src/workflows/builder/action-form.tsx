import type { CatalogAction } from '@hub/console';
import { inputFields, literalExpression, type InputField } from './input-schema-fields';
import { JsonataField } from './jsonata-field';

interface Props {
  action: CatalogAction | undefined;
  input: Record<string, string>;
  onChange: (input: Record<string, string>, field: string) => void;
}

function help(field: InputField): string {
  const kind = [field.type, field.format].filter((p) => p && p !== 'any').join(', ');
  return [field.description, kind ? `Expects ${kind}.` : ''].filter(Boolean).join(' ');
}

/** An action's input mapping: one JSONata expression per field of its input schema, enums as a choice of their values. */
export function ActionForm({ action, input, onChange }: Props) {
  if (!action) return <p className="error">This connector or action is not installed on this hub.</p>;
  const fields = inputFields(action.input);
  const set = (name: string, expression: string) => {
    const { [name]: _old, ...rest } = input;
    onChange(expression.trim() ? { ...rest, [name]: expression } : rest, name);
  };
  return (
    <fieldset className="wf-action-input">
      <legend>Input: {action.description}</legend>
      <p className="wf-help">Each field is a JSONata expression over the webhook: a path such as <code>customer.email</code>, or text in quotes such as <code>&quot;Shopify&quot;</code>. Fields marked * are required.</p>
      {fields.length === 0 ? <p className="wf-help">This action takes no input fields.</p> : null}
      {fields.map((field) =>
        field.enumValues ? (
          <EnumField key={field.name} field={field} expression={input[field.name] ?? ''} onChange={(e) => set(field.name, e)} />
        ) : (
          <JsonataField key={field.name} id={`input-${field.name}`} label={field.name} value={input[field.name] ?? ''} required={field.required} help={help(field)} onChange={(e) => set(field.name, e)} />
        ),
      )}
    </fieldset>
  );
}

function EnumField({ field, expression, onChange }: { field: InputField; expression: string; onChange: (expression: string) => void }) {
  const values = field.enumValues ?? [];
  const chosen = values.find((v) => literalExpression(v) === expression);
  return (
    <label className="wf-field">
      <span>
        {field.name}
        {field.required ? <abbr title="required" className="wf-required"> *</abbr> : null}
      </span>
      <select data-testid={`input-${field.name}`} value={chosen === undefined ? '' : literalExpression(chosen)} onChange={(e) => onChange(e.target.value)}>
        <option value="">{expression && chosen === undefined ? `(expression: ${expression})` : '(not set)'}</option>
        {values.map((v) => (
          <option key={String(v)} value={literalExpression(v)}>
            {String(v)}
          </option>
        ))}
      </select>
      {field.description ? <small className="wf-help">{field.description}</small> : null}
    </label>
  );
}
