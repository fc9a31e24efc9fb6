import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from './escape-mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('turns mentions and links into plain text', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <#C1> <https://evil.example|x>')).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt; &lt;https://evil.example|x&gt;');
  });

  it('escapes & first, so an entity typed in the text shows as typed and nothing is escaped twice', () => {
    expect(escapeMrkdwn('a &lt; b & c > d')).toBe('a &amp;lt; b &amp; c &gt; d');
  });

  it('leaves other text alone', () => {
    expect(escapeMrkdwn('Large payment pi_1: 4200 *EUR* `x`')).toBe('Large payment pi_1: 4200 *EUR* `x`');
  });

  it('cuts the escaped text to a length without splitting an entity', () => {
    expect(escapeMrkdwn('ab<<<<', 6)).toBe('ab…');
    expect(escapeMrkdwn('abc', 6)).toBe('abc');
    expect(escapeMrkdwn('a<b', 5)).toBe('a…');
    expect(escapeMrkdwn('a<bc', 6)).toBe('a&lt;…');
  });
});
