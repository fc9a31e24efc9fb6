import { describe, expect, it } from 'vitest';
import { headerValue } from './header-value.js';

describe('headerValue', () => {
  it('reads a header by its lower-case name whatever case it is asked for', () => {
    expect(headerValue({ 'x-github-event': 'push' }, 'X-GitHub-Event')).toBe('push');
  });

  it('treats an absent, empty or blank header as missing', () => {
    expect(headerValue({}, 'x-a')).toBeUndefined();
    expect(headerValue({ 'x-a': '' }, 'x-a')).toBeUndefined();
    expect(headerValue({ 'x-a': '  ' }, 'x-a')).toBeUndefined();
    expect(headerValue({ 'x-a': [] }, 'x-a')).toBeUndefined();
  });

  it('joins a repeated header so a second value cannot be silently dropped', () => {
    expect(headerValue({ 'x-a': ['one', 'two'] }, 'x-a')).toBe('one, two');
  });
});
