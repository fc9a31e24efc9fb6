/**
 * Decodes a digest of `byteLength` bytes written as hex or standard padded base64, or returns
 * undefined when the text is not exactly that. Buffer.from is lenient (it stops at the first bad
 * character), so the text must re-encode to itself: trailing garbage never decodes to a valid digest.
 */
export function decodeDigest(text: string, encoding: 'hex' | 'base64', byteLength: number): Buffer | undefined {
  const pattern = encoding === 'hex' ? /^[0-9a-fA-F]+$/ : /^[A-Za-z0-9+/]+={0,2}$/;
  if (!pattern.test(text)) return undefined;
  const bytes = Buffer.from(text, encoding);
  if (bytes.length !== byteLength) return undefined;
  const canonical = bytes.toString(encoding);
  return (encoding === 'hex' ? canonical === text.toLowerCase() : canonical === text) ? bytes : undefined;
}
