/** A copy of the headers with `name` set, replacing any spelling of it that differs only in case. */
export function setHeader(headers: Readonly<Record<string, string>> | undefined, name: string, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(headers ?? {})) if (key.toLowerCase() !== name.toLowerCase()) out[key] = v;
  out[name] = value;
  return out;
}
