import { ApiError } from '../../api/console-api';

/**
 * The API's refusal of an operator action, as it said it: a viewer token's 403 (HUB_FORBIDDEN), a
 * 409 for an operation that does not fit, or a validation's problems one per line.
 */
export function ActionError({ error }: { error: Error | undefined }) {
  if (!error) return null;
  const [first, ...more] = error.message.split('\n').map((line) => line.trim());
  return (
    <div className="error action-error" role="alert" data-testid="action-error" data-code={error instanceof ApiError ? error.code : undefined}>
      {error instanceof ApiError ? <code>{error.code}</code> : null} {first}
      {more.length > 0 ? (
        <ul data-testid="problems">
          {more.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
