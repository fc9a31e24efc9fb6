import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README and docs/ name files, folders and sections of this repository; when one moves or
// goes, the page must change with it. Reads the markdown only: no build, no service.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = ['README.md', 'CONTRIBUTING.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
/** Backticked paths that start with a top-level folder of the repository are paths in it. */
const REPO_PATH = /`((?:apps|packages|connectors|deploy|docker|docs|migrations|scripts|slack|test)\/[^`\s]*)`/g;
/** Placeholders and globs name a kind of path, not one path. */
const PATTERN = /[<>*…{}$]/;

const read = (page: string) => readFileSync(path.join(ROOT, page), 'utf8');
/** Code blocks show commands and files as they are typed, not links. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a dash; repeats get -1, -2… */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading = ''] of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

/** Every relative link or image of a page: its target file (from the repository root) and anchor. */
function links(page: string): { target: string; anchor: string | undefined; written: string }[] {
  return [...prose(read(page)).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map(([, written = '']) => written)
    .filter((written) => !/^[a-z][a-z0-9+.-]*:/i.test(written))
    .map((written) => {
      const [file = '', anchor] = written.split('#');
      return { target: file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file)), anchor, written };
    });
}

describe('the README and docs/*.md', () => {
  it('link only to files and sections that exist', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const { target, anchor, written } of links(page)) {
        if (!existsSync(path.join(ROOT, target))) broken.push(`${page}: (${written}) — no file ${target}`);
        else if (anchor && target.endsWith('.md') && !anchors(read(target)).has(anchor)) broken.push(`${page}: (${written}) — no heading #${anchor} in ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name only repository paths that exist', () => {
    const missing: string[] = [];
    for (const page of PAGES) {
      for (const [, written = ''] of read(page).matchAll(REPO_PATH)) {
        if (PATTERN.test(written)) continue;
        if (!existsSync(path.join(ROOT, written))) missing.push(`${page}: \`${written}\``);
      }
    }
    expect(missing).toEqual([]);
  });

  it('are all reachable from the README', () => {
    const linked = new Set(links('README.md').map((l) => l.target));
    expect(PAGES.filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });

  it('a broken link or path is found (the checks can fail)', () => {
    expect(links('README.md').some((l) => l.target === 'docs/configuration.md')).toBe(true);
    expect(anchors('## Routes and per-connector policy (`hub.config.yaml`)\n## Routes and per-connector policy (`hub.config.yaml`)')).toEqual(
      new Set(['routes-and-per-connector-policy-hubconfigyaml', 'routes-and-per-connector-policy-hubconfigyaml-1']),
    );
    expect(existsSync(path.join(ROOT, 'apps/console/src/no-such-file.ts'))).toBe(false);
  });
});
