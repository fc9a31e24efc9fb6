export type FieldPath = readonly PropertyKey[];

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `actions.create.method`, `events["ticket.created"].fixture`, `scopes[0]`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
