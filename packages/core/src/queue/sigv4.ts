import { createHash, createHmac } from 'node:crypto';

/** What signs a request: the SDK client's resolved credentials (a role's are refreshed by its provider). */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface SignedPost {
  /** Lower-case header names, every one of them signed; `authorization` added. */
  headers: Record<string, string>;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data).digest('hex');

/**
 * AWS Signature Version 4 for a POST to `/` with no query, the shape of every call of SQS's JSON
 * protocol. By hand because @smithy/signature-v4 spent ~100 µs of CPU a call (its canonical
 * forms are general); this one signs the same request to the same header, which its test checks
 * against that library as the reference (docs/benchmarks.md, fourteenth increment).
 */
export class PostSigner {
  /** The day's signing key, derived once a day per secret and region (four HMACs). */
  private cached: { secret: string; scope: string; key: Buffer } | undefined;

  constructor(private readonly service: string) {}

  sign(request: { host: string; headers: Record<string, string>; body: string }, credentials: SigningCredentials, region: string, now: Date): SignedPost {
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${region}/${this.service}/aws4_request`;
    const payloadHash = sha256Hex(request.body);
    // The payload's hash as a header too, as the SDK's signer sends it (optional for SQS, signed either way).
    const headers: Record<string, string> = Object.assign({}, request.headers, { host: request.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate });
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(';');
    const canonical = `POST\n/\n\n${names.map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`).join('')}\n${signedHeaders}\n${payloadHash}`;
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = createHmac('sha256', this.signingKey(credentials.secretAccessKey, scope, day, region)).update(toSign).digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return { headers };
  }

  private signingKey(secret: string, scope: string, day: string, region: string): Buffer {
    if (this.cached?.secret === secret && this.cached.scope === scope) return this.cached.key;
    let key = createHmac('sha256', `AWS4${secret}`).update(day).digest();
    for (const part of [region, this.service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    this.cached = { secret, scope, key };
    return key;
  }
}
