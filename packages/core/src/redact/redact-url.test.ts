import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('masks the userinfo, user and password', () => {
    expect(redactUrl('https://alice:s3cret@hooks.example.com/in')).toBe('https://%5Bredacted%5D:%5Bredacted%5D@hooks.example.com/in');
    expect(redactUrl('https://tokenonly@hooks.example.com/in')).toBe('https://%5Bredacted%5D@hooks.example.com/in');
  });

  it('masks the value of every query parameter whose name is not known to be harmless', () => {
    const url = new URL(redactUrl('https://api.example.com/v1/items?key=K&sig=S&code=C&ref=R&access_token=T'));
    expect([...url.searchParams.values()]).toEqual(['[redacted]', '[redacted]', '[redacted]', '[redacted]', '[redacted]']);
    expect([...url.searchParams.keys()]).toEqual(['key', 'sig', 'code', 'ref', 'access_token']);
  });

  it('shows paging, sorting and filtering values as they are', () => {
    const url = 'https://api.example.com/v1/items?page=2&per_page=50&limit=10&cursor=abc&since=2024-01-01&starting_after=cus_1&sort=created&order=desc&expand=data';
    expect(redactUrl(url)).toBe(url);
  });

  it('masks a harmless-looking parameter an authorizer changed', () => {
    expect(new URL(redactUrl('https://api.example.com/x?page=SECRET', 'https://api.example.com/x?page=1')).searchParams.get('page')).toBe('[redacted]');
  });

  it('leaves a URL without userinfo or query, and a string that is no URL, as they are', () => {
    expect(redactUrl('https://api.example.com/v1/items/42')).toBe('https://api.example.com/v1/items/42');
    expect(redactUrl('not a url ?token=x')).toBe('not a url ?token=x');
  });
});
