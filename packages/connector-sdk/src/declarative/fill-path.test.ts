import { describe, expect, it } from 'vitest';
import { changesPathSegment, fillPath } from './fill-path.js';

describe('fillPath', () => {
  it('fills placeholders URL-encoded, nested ones too', () => {
    expect(fillPath('/v2/lists/{list}/contacts/{contact.id}', { list: 'l 1?#', contact: { id: 42 } })).toEqual({ ok: true, path: '/v2/lists/l%201%3F%23/contacts/42' });
  });

  it('keeps values that only contain dots among other characters', () => {
    expect(fillPath('/repos/{owner}/{repo}', { owner: 'octo.cat', repo: '.github' })).toEqual({ ok: true, path: '/repos/octo.cat/.github' });
    expect(fillPath('/files/{name}', { name: '...' })).toEqual({ ok: true, path: '/files/...' });
    expect(fillPath('/pct/{v}', { v: '100%' })).toEqual({ ok: true, path: '/pct/100%25' });
  });

  it('names the first placeholder without a string or number value', () => {
    expect(fillPath('/a/{x}/{y}', { y: 'ok' })).toEqual({ ok: false, placeholder: 'x', reason: 'missing' });
    expect(fillPath('/a/{x}', { x: '' })).toEqual({ ok: false, placeholder: 'x', reason: 'missing' });
    expect(fillPath('/a/{x}', { x: { nested: true } })).toEqual({ ok: false, placeholder: 'x', reason: 'missing' });
  });

  // Each would make the request reach another endpoint than the declared one, on some server or proxy.
  it.each([
    ['.', 'the current-directory segment'],
    ['..', 'the parent segment'],
    ['../admin', 'a parent segment and a path'],
    ['a/b', 'a slash'],
    ['/', 'a bare slash'],
    ['a\\b', 'a backslash (read as a slash by some servers)'],
    ['%2f', 'an encoded slash'],
    ['%2F', 'an encoded slash, upper case'],
    ['%5c', 'an encoded backslash'],
    ['%2e', 'an encoded dot'],
    ['%2e%2e', 'an encoded parent segment'],
    ['.%2e', 'a half-encoded parent segment'],
    ['%252f', 'a double-encoded slash'],
    ['%25252e%25252e', 'a triple-encoded parent segment'],
    ['..;', 'a parent segment with a path parameter'],
    ['..;jsessionid=x', 'a parent segment with a named path parameter'],
    ['\uff0e\uff0e', 'full-width dots (NFKC: ..)'],
    ['a\uff0fb', 'a full-width solidus (NFKC: /)'],
    ['a\u0000b', 'a NUL'],
    ['a%00', 'an encoded NUL'],
    ['line\nbreak', 'a line break'],
  ])('refuses %j (%s)', (value) => {
    expect(changesPathSegment(value)).toBe(true);
    expect(fillPath('/v1/customers/{id}/refunds', { id: value })).toEqual({ ok: false, placeholder: 'id', reason: 'unsafe', value });
  });

  it('refuses an unsafe value in any placeholder, not only the last', () => {
    expect(fillPath('/repos/{owner}/{repo}/issues', { owner: '..', repo: 'hub' })).toMatchObject({ ok: false, placeholder: 'owner', reason: 'unsafe' });
  });
});
