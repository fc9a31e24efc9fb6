import { createHash, type Hash } from 'node:crypto';

/**
 * MD5 for the SDK's check of each message body SQS confirms or delivers (its `md5` option), by
 * Node's crypto: the SDK's default, a JavaScript MD5, took ~120 µs of CPU per ten-message call
 * (docs/benchmarks.md, fourteenth increment). The check itself stays.
 */
export class NodeMd5 {
  private hash: Hash = createHash('md5');

  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = createHash('md5');
  }
}
