import { ApiError } from './api/console-api';

export function ErrorNote({ error }: { error: Error }) {
  return (
    <p className="error" role="alert">
      {error instanceof ApiError ? <code>{error.code}</code> : null} {error.message}
    </p>
  );
}
