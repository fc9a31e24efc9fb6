import { useState } from 'react';

interface ConfirmButtonProps {
  /** The button's label, and the confirm button's name once asked. */
  label: string;
  /** What the operator confirms: "Roll back to v2? Every new event runs it." */
  question: string;
  onConfirm(): void;
  disabled?: boolean;
  testId?: string;
}

/** A button that asks in place before it acts (no window.confirm: the page stays scriptable and readable). */
export function ConfirmButton({ label, question, onConfirm, disabled, testId }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" disabled={disabled} data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" data-testid={testId ? `${testId}-confirm` : undefined}>
      {question}{' '}
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Confirm
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
