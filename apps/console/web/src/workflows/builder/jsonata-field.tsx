import { useEffect, useState } from 'react';
import { previewExpression, type PreviewAnswer } from './builder-api';
import { usePreviewEvent } from './preview-context';

interface Props {
  /** Names the field in test ids: `jsonata-<id>`, `preview-<id>`. */
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  help?: string;
  placeholder?: string;
  multiline?: boolean;
}

const WAIT_MS = 350;

function shown(value: unknown): string {
  if (value === undefined) return '(no value)';
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/**
 * One JSONata expression: checked as it is typed, and its value shown on the chosen stored
 * event of the trigger, both by the hub's own evaluator (POST /api/workflows/preview).
 */
export function JsonataField({ id, label, value, onChange, required = false, help, placeholder, multiline = false }: Props) {
  const eventId = usePreviewEvent();
  const [answer, setAnswer] = useState<PreviewAnswer | 'checking' | undefined>(undefined);

  useEffect(() => {
    if (!value.trim()) {
      setAnswer(undefined);
      return undefined;
    }
    let current = true;
    setAnswer('checking');
    const timer = setTimeout(() => {
      previewExpression(value, eventId).then(
        (a) => current && setAnswer(a),
        (err: unknown) => current && setAnswer({ ok: 'unavailable', reason: err instanceof Error ? err.message : String(err) }),
      );
    }, WAIT_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value, eventId]);

  const inputProps = { id: `field-${id}`, value, placeholder, 'data-testid': `jsonata-${id}`, spellCheck: false, 'aria-required': required, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  return (
    <div className="wf-field wf-jsonata">
      <label htmlFor={`field-${id}`}>
        {label}
        {required ? <abbr title="required" className="wf-required"> *</abbr> : null}
      </label>
      {multiline ? <textarea rows={3} {...inputProps} /> : <input type="text" {...inputProps} />}
      {help ? <small className="wf-help">{help}</small> : null}
      <Feedback id={id} answer={answer} sampled={eventId !== undefined} />
    </div>
  );
}

function Feedback({ id, answer, sampled }: { id: string; answer: PreviewAnswer | 'checking' | undefined; sampled: boolean }) {
  if (answer === undefined) return null;
  if (answer === 'checking') return <small className="wf-preview wf-preview-checking">checking…</small>;
  if (answer.ok === 'unavailable') return <small className="wf-preview wf-preview-unavailable">No preview: {answer.reason}.</small>;
  if (answer.ok === false) {
    const where = answer.error.position === undefined ? '' : ` (at character ${answer.error.position})`;
    return (
      <small className="wf-preview error" data-testid={`syntax-${id}`} role="alert">
        {answer.error.message}
        {where}
      </small>
    );
  }
  return (
    <small className="wf-preview wf-preview-ok">
      ✓ {sampled ? 'on the sample event: ' : 'valid; pick a sample event to see its value. Without one: '}
      <code data-testid={`preview-${id}`}>{shown(answer.value)}</code>
    </small>
  );
}
