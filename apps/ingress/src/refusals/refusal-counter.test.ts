import { describe, expect, it } from 'vitest';
import { RefusalCounter } from './refusal-counter.js';
import { AddressRanges, rememberedByAddress, sourceKey } from './source-key.js';

describe('RefusalCounter', () => {
  it('limits a source from its limit-th refusal in the window and names how long to wait', () => {
    let now = 60_000; // the start of a window
    const counter = new RefusalCounter({ limit: 3, windowMs: 60_000, now: () => now });
    counter.record('198.51.100.7');
    counter.record('198.51.100.7');
    expect(counter.retryAfterSeconds('198.51.100.7')).toBe(0);
    counter.record('198.51.100.7');
    now += 10_000;
    // 3 refusals now: the next window starts in 50 s, where they weigh 3 x (1 - t) < 3 right away.
    expect(counter.retryAfterSeconds('198.51.100.7')).toBe(50);
    expect(counter.retryAfterSeconds('198.51.100.8')).toBe(0);
  });

  it('slides: refusals of the previous window weigh by how much of it still overlaps', () => {
    let now = 120_000;
    const counter = new RefusalCounter({ limit: 4, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 8; i += 1) counter.record('203.0.113.9');
    now = 180_000 + 30_000; // half-way through the next window: 8 x 0.5 = 4 still counted
    expect(counter.retryAfterSeconds('203.0.113.9')).toBeGreaterThan(0);
    now = 180_000 + 31_000;
    expect(counter.retryAfterSeconds('203.0.113.9')).toBe(0);
    now = 400_000; // two windows later: forgotten
    expect(counter.retryAfterSeconds('203.0.113.9')).toBe(0);
  });

  it('is empty until a refusal is counted', () => {
    const counter = new RefusalCounter({ limit: 2, windowMs: 60_000, now: () => 0 });
    expect(counter.empty).toBe(true);
    counter.record('192.0.2.1');
    expect(counter.empty).toBe(false);
  });

  it('forgets the least recently refused source beyond maxSources', () => {
    const counter = new RefusalCounter({ limit: 1, windowMs: 60_000, maxSources: 2, now: () => 0 });
    counter.record('a');
    counter.record('b');
    counter.record('c');
    expect(['a', 'b', 'c'].map((k) => counter.retryAfterSeconds(k) > 0)).toEqual([false, true, true]);
  });
});

describe('sourceKey and AddressRanges', () => {
  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe(sourceKey('2001:db8:1:2:ffff::9'));
    expect(sourceKey('2001:db8:1:3::1')).not.toBe(sourceKey('2001:db8:1:2::1'));
    expect(sourceKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('matches addresses against CIDR ranges and single addresses of either family', () => {
    const ranges = new AddressRanges(['192.30.252.0/22', '2a0a:a440::/29', '127.0.0.1']);
    expect(ranges.includes('192.30.253.4')).toBe(true);
    expect(ranges.includes('::ffff:192.30.252.1')).toBe(true);
    expect(ranges.includes('2a0a:a440:0:1::5')).toBe(true);
    expect(ranges.includes('127.0.0.1')).toBe(true);
    expect(ranges.includes('127.0.0.2')).toBe(false);
    expect(ranges.includes('10.0.0.1')).toBe(false);
  });
});

describe('rememberedByAddress', () => {
  it('computes once per address, remembers false answers too, and starts over past its bound', () => {
    const asked: string[] = [];
    const isLoopback = rememberedByAddress((ip) => {
      asked.push(ip);
      return ip === '127.0.0.1';
    }, 2);
    expect([isLoopback('127.0.0.1'), isLoopback('127.0.0.1'), isLoopback('192.0.2.1'), isLoopback('192.0.2.1')]).toEqual([true, true, false, false]);
    expect(asked).toEqual(['127.0.0.1', '192.0.2.1']);
    expect(isLoopback('198.51.100.1')).toBe(false); // a third address: the two known are forgotten
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(asked).toEqual(['127.0.0.1', '192.0.2.1', '198.51.100.1', '127.0.0.1']);
  });
});
