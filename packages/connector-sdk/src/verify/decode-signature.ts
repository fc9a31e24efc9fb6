const SHA256_HEX = /^[0-9a-f]{64}$/i;
// 32 bytes in standard base64: 43 characters and one `=` of padding.
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Decodes a SHA-256 signature written as hex or base64, or returns undefined when the text
 * is not exactly that. Buffer.from is lenient (it stops at the first bad character), so the
 * format is checked first: a signature with trailing garbage must not decode to a valid one.
 */
export function decodeSignature(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  const pattern = encoding === 'hex' ? SHA256_HEX : SHA256_BASE64;
  return pattern.test(text) ? Buffer.from(text, encoding) : undefined;
}
