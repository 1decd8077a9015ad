import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeBlock, escapeMarkdownInline, markdownLinkTarget } from '../../src/core/markdown.js';
import { diffDigests } from '../../src/core/status/changes.js';
import {
  digestLine,
  digestOf,
  fitDigest,
  isOwnStatusComment,
  parseDigest,
  retireStatusComment,
  statusMarker,
} from '../../src/core/status/marker.js';
import { parseStatusDocument } from '../../src/core/status/parse.js';
import {
  formatDuration,
  GITHUB_COMMENT_LIMIT,
  renderStatus,
  trustedRunUrl,
} from '../../src/core/status/render.js';
import type { StatusDocument } from '../../src/core/status/schema.js';
import { FLEET_STAGES } from '../../src/core/status/schema.js';
import { repoRoot } from '../support/paths.js';

const example = (stage: string): StatusDocument =>
  parseStatusDocument(
    JSON.parse(readFileSync(join(repoRoot, 'examples/status', `${stage}.json`), 'utf8')),
    stage,
  ).document;

/** Markdown with code blocks, HTML comments and escaped characters taken out: what GitHub would interpret. */
function live(markdown: string): string {
  return markdown
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace('[workflow run](https://github.com/acme/platform/actions/runs/4242)', '')
    .replace(/\\[\\`*_{}[\]()!|~]/g, '');
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '| broken | table |',
  '![pixel](https://evil.example/p.png)',
  '[click](javascript:alert(1))',
  '@everyone @acme/platform-team',
  '#1 GH-2 acme/platform#3',
  '</details><script>x</script>',
  '```\nfence break\n```',
  '<!-- talos-fleet:status fleet=victim -->',
  '**bold** _it_ ~~strike~~ `code`',
  'line\nbreak\r\nand\u202eRLO',
  'log in: https://evil.example/x www.evil.example HTTPS://EVIL.X',
];

/** The runner's own run-link prefix, as pr-status passes it (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/). */
const TRUSTED = { trustedRunUrlPrefix: 'https://github.com/acme/platform/actions/runs/' };

function hostileDoc(s: string): StatusDocument {
  const doc = example('failed');
  return {
    ...doc,
    fleet: s,
    source: { ...doc.source, branch: s },
    clusters: doc.clusters.map((c) => ({
      ...c,
      name: `${c.name}${s}`,
      region: s,
      talosVersion: s,
      controlPlaneEndpoint: s,
    })),
    mesh: { enabled: true, pairs: [{ from: `mesh-eu${s}`, to: `mesh-us${s}`, state: 'failed', message: s }] },
    errors: [{ step: s, cluster: s, message: s, diagnostics: `${s}\n${s}` }],
    plan: doc.plan ? { ...doc.plan, regions: [s], digest: s } : undefined,
  };
}

describe('renderStatus', () => {
  it.each(FLEET_STAGES)('renders the %s example with header, marker and digest', (stage) => {
    const doc = example(stage);
    const { markdown, truncation } = renderStatus(doc, TRUSTED);
    expect(markdown.startsWith(`${statusMarker('pr-1234-mesh')}\n`)).toBe(true);
    expect(markdown).toMatch(new RegExp(`### \\S+ Fleet pr-1234-mesh: ${stage}`));
    expect(markdown).toContain('[workflow run](https://github.com/acme/platform/actions/runs/4242)');
    expect(parseDigest(markdown)).toEqual(digestOf(doc));
    expect(truncation).toEqual([]);
  });

  it('shows elapsed time, expiry, the plan, a table per cluster and the mesh matrix', () => {
    const md = renderStatus(example('ready')).markdown;
    expect(md).toContain('for **12m 30s**');
    expect(md).toContain('**Expires** 2026-11-24 14:00 UTC (in 3h 47m 30s)');
    expect(md).toContain('**Plan:** 3 clusters, 9 nodes (3 control plane, 6 workers)');
    expect(md.match(/\| Region \| Talos \| Kubernetes \|/g)).toHaveLength(3);
    expect(md).toContain('| from ↓ to → | mesh-eu | mesh-us | mesh-asia |');
    expect(md).toContain('| **mesh-eu** | — | ✅ | ✅ |');
    expect(md).toContain('ready in 5m 42s');
  });

  it('puts failure diagnostics in <details> and says what changed since the previous comment', () => {
    const before = renderStatus(example('provisioning'));
    const after = renderStatus(example('failed'), { previous: parseDigest(before.markdown) });
    expect(after.markdown).toContain('<details><summary>Diagnostics</summary>');
    expect(after.markdown).toContain("QUOTA_EXCEEDED: Quota 'CPUS' exceeded.");
    expect(after.markdown).toContain('**Changes since the last update (2026-11-24 10:07 UTC):**');
    expect(after.markdown).toContain('fleet provisioning → **failed**');
    expect(after.markdown).toContain('**mesh-asia**: provisioning → failed');
  });

  it('lists clusters added and removed and versions changed', () => {
    const previous = digestOf(example('ready'));
    const doc = example('ready');
    const upgraded = {
      ...doc,
      clusters: [
        { ...doc.clusters[0]!, talosVersion: 'v1.14.0', kubernetesVersion: 'v1.36.0' },
        doc.clusters[1]!,
        { ...doc.clusters[2]!, name: 'mesh-sa', region: 'southamerica-east1' },
      ],
    };
    const changes = diffDigests(previous, digestOf(upgraded));
    expect(changes).toEqual([
      { kind: 'version', cluster: 'mesh-eu', component: 'Talos', from: 'v1.13.9', to: 'v1.14.0' },
      { kind: 'version', cluster: 'mesh-eu', component: 'Kubernetes', from: 'v1.35.2', to: 'v1.36.0' },
      { kind: 'cluster-added', cluster: 'mesh-sa', region: 'southamerica-east1' },
      { kind: 'cluster-removed', cluster: 'mesh-asia' },
    ]);
    const md = renderStatus(upgraded, { previous }).markdown;
    expect(md).toContain('**mesh-eu**: Talos v1.13.9 → v1.14.0');
    expect(md).toContain('➕ cluster **mesh-sa** added (southamerica-east1)');
    expect(md).toContain('➖ cluster **mesh-asia** removed');
    expect(renderStatus(doc, { previous }).markdown).toContain('**No changes** since the last update');
  });

  it.each(HOSTILE)('escapes hostile text everywhere: %j', (s) => {
    const md = renderStatus(hostileDoc(s)).markdown;
    const text = live(md);
    expect(text).not.toMatch(/<(img|script|a |iframe)/i);
    expect(text).not.toMatch(/<\/details><script/);
    expect(text).not.toMatch(/!\[/);
    expect(text).not.toMatch(/\]\(/);
    expect(text).not.toMatch(/@(everyone|acme)/);
    expect(text).not.toMatch(/#[0-9]/);
    expect(text).not.toMatch(/\u202e/);
    // No bare URL that GitHub would autolink (a fork-written document could plant a phishing link).
    expect(text).not.toMatch(/(https?|ftp):\/\/|www\./i);
    // Every table row keeps its column count: no user text adds an unescaped pipe.
    for (const table of md.split(/\n\n/).filter((b) => b.startsWith('|'))) {
      const counts = table.split('\n').map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size).toBe(1);
    }
    // Only our own marker starts the body, and diagnostics cannot close the code block early.
    expect(md.startsWith(`${statusMarker(s)}\n`)).toBe(true);
    expect(md.match(/<!-- talos-fleet:status /g)).toHaveLength(
      1 + (s.includes('<!-- talos-fleet:status') ? 2 : 0),
    );
    expect(parseDigest(md)?.clusters[0]?.n).toBe(`mesh-eu${s}`);
  });

  it('keeps arbitrary text inert (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const out = escapeMarkdownInline(s);
        expect(out).not.toMatch(/[<>\n\r]/);
        expect(out.replace(/\\\|/g, '')).not.toContain('|');
        expect(out).not.toMatch(/[@#](?!\u200d)/);
      }),
    );
  });

  it('truncates diagnostics first to stay under 65,536 characters, and says so', () => {
    const doc = example('failed');
    const huge = { ...doc, errors: [{ ...doc.errors[0]!, diagnostics: 'x'.repeat(200_000) }] };
    const r = renderStatus(huge);
    expect(r.markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(r.markdown.length).toBeGreaterThan(60_000);
    expect(r.truncation[0]).toMatch(/^diagnostics cut to \d+ of 200000 characters$/);
    expect(r.markdown).toMatch(/Diagnostics were cut: [\d,]+ of 200,000 characters shown/);
    expect(r.markdown).toContain('characters cut)');
    // Cluster tables and the mesh matrix survive.
    expect(r.markdown.match(/\| Region \|/g)).toHaveLength(3);
    expect(r.markdown).toContain('| from ↓ to →');
    expect(parseDigest(r.markdown)).toEqual(digestOf(huge));
  });

  it('shortens even a fleet too big for its tables, keeping the marker and digest', () => {
    const doc = example('ready');
    const base = doc.clusters[0]!;
    const clusters = Array.from({ length: 400 }, (_, i) => ({
      ...base,
      name: `cluster-${i}-${'n'.repeat(60)}`,
    }));
    const r = renderStatus({
      ...doc,
      clusters,
      errors: [{ step: 'x', message: 'y'.repeat(3000), diagnostics: 'z'.repeat(1000) }],
    });
    expect(r.markdown.length).toBeLessThanOrEqual(65_000);
    expect(r.truncation).toContain('diagnostics left out');
    expect(r.truncation.some((t) => t.includes('of 400 cluster tables shown'))).toBe(true);
    expect(r.markdown).toMatch(/more cluster\(s\) not shown/);
    expect(r.markdown.startsWith(statusMarker(doc.fleet))).toBe(true);
    // The digest keeps the first clusters within a quarter of the body and counts the rest.
    const digest = parseDigest(r.markdown);
    expect(digest?.clusters.length).toBeGreaterThan(50);
    expect((digest?.clusters.length ?? 0) + (digest?.omitted ?? 0)).toBe(400);
    expect(digest?.clusters[0]?.n).toBe(clusters[0]?.name);
    expect(digestLine(digest!).length).toBeLessThanOrEqual(65_000 / 4);
  });

  it('stays within the limit in the worst case: 255 dash-heavy 32-character names, changes, errors, failed mesh', () => {
    const doc = example('failed');
    const base = doc.clusters[0]!;
    // Valid DNS labels of 32 characters, 30 of them dashes: the old digest wrote each dash as \u002d.
    const name = (i: number, first = (i % 36).toString(36)) =>
      `${first}${'-'.repeat(30)}${Math.floor(i / 36).toString(36)}`;
    const clusters = Array.from({ length: 255 }, (_, i) => ({
      ...base,
      name: name(i),
      region: 'europe-west1',
      talosVersion: 'v1.13.0-alpha.1-25-g0123456-dirty',
      kubernetesVersion: 'v1.35.0-rc.1-3-g0123456-dirty',
      controlPlaneEndpoint: `https://${name(i)}.example:6443`,
    }));
    const worst: StatusDocument = {
      ...doc,
      clusters,
      mesh: {
        enabled: true,
        pairs: clusters.slice(1).map((c) => ({
          from: clusters[0]!.name,
          to: c.name,
          state: 'failed' as const,
          message: '-'.repeat(2000),
        })),
      },
      errors: clusters.map((c) => ({
        step: 'provision',
        cluster: c.name,
        message: `${'-'.repeat(300)} >`,
        diagnostics: '-'.repeat(5000),
      })),
    };
    // The previous comment knew other names, so every cluster is added and removed.
    const previous = digestOf({
      ...worst,
      stage: 'provisioning',
      clusters: clusters.map((c, i) => ({ ...c, name: name(i, 'z') })),
    });
    for (const options of [{}, { previous }, { previous, maxLength: GITHUB_COMMENT_LIMIT }]) {
      const r = renderStatus(worst, options);
      expect(r.markdown.length).toBeLessThanOrEqual(options.maxLength ?? 65_000);
      expect(r.markdown.length).toBeGreaterThan(50_000);
      expect(r.markdown.startsWith(`${statusMarker(worst.fleet)}\n`)).toBe(true);
      expect(r.markdown).toContain(
        "This report was shortened to fit GitHub's 65,536-character comment limit",
      );
      const digest = parseDigest(r.markdown);
      expect(digest).toEqual(r.digest);
      expect((digest?.clusters.length ?? 0) + (digest?.omitted ?? 0)).toBe(255);
    }
  });

  it('escapes in the digest only what could end or open the HTML comment, not every dash', () => {
    const doc = example('ready');
    const digest = digestOf({ ...doc, clusters: [{ ...doc.clusters[0]!, name: 'a--b-->c<!--d--!>' }] });
    const line = digestLine(digest);
    expect(line).toContain('"n":"a--b--\\u003ec\\u003c!--d--!\\u003e"');
    expect(line.indexOf('>')).toBe(line.length - 1);
    expect(line.slice(0, -3)).not.toMatch(/<(?!!-- talos-fleet:digest)/);
    expect(parseDigest(line)).toEqual(digest);
    // A digest written by an older release, with every dash escaped, still reads.
    const old = `<!-- talos-fleet:digest ${JSON.stringify(digest).replace(/[<>-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)} -->`;
    expect(old).toContain('a\\u002d\\u002db');
    expect(parseDigest(old)).toEqual(digest);
  });
});

describe('run link', () => {
  const prefix = TRUSTED.trustedRunUrlPrefix;
  it('links the document run only when it is a run of this repository', () => {
    expect(trustedRunUrl('https://github.com/acme/platform/actions/runs/4242', prefix)).toBe(
      'https://github.com/acme/platform/actions/runs/4242',
    );
    expect(trustedRunUrl('https://GitHub.com/acme/platform/actions/runs/7/attempts/2', prefix)).toBe(
      'https://github.com/acme/platform/actions/runs/7/attempts/2',
    );
    for (const url of [
      'https://evil.example/acme/platform/actions/runs/4242',
      'https://github.com/mallory/platform/actions/runs/4242',
      'https://github.com/acme/platform/actions/runs/4242/../../../../mallory/x',
      'https://github.com@evil.example/acme/platform/actions/runs/4242',
      'https://github.com/acme/platform/actions/runs/4242?next=https://evil.example',
      'https://github.com/acme/platform/actions/runs/4242#x',
      'https://github.com/acme/platform/actions/runs/',
      'http://github.com/acme/platform/actions/runs/4242',
    ])
      expect(trustedRunUrl(url, prefix), url).toBeUndefined();
    expect(trustedRunUrl('https://github.com/acme/platform/actions/runs/4242', undefined)).toBeUndefined();
  });

  it("shows the runner's own run instead of a forged document link, and no link without either", () => {
    const doc = example('ready');
    const forged = { ...doc, run: { url: 'https://evil.example/acme/platform/actions/runs/4242' } };
    const own = 'https://github.com/acme/platform/actions/runs/99';
    const md = renderStatus(forged, { ...TRUSTED, runUrl: own }).markdown;
    expect(md).toContain(`[workflow run](${own})`);
    expect(md).not.toContain('evil.example');
    expect(renderStatus(forged).markdown).not.toContain('workflow run');
    expect(renderStatus(doc, { runUrl: own }).markdown).toContain(`[workflow run](${own})`);
    expect(renderStatus(doc, { ...TRUSTED, runUrl: own }).markdown).toContain(
      '[workflow run](https://github.com/acme/platform/actions/runs/4242)',
    );
  });

  it('never turns the control-plane endpoint into a link', () => {
    const doc = example('ready');
    const md = renderStatus({
      ...doc,
      clusters: [{ ...doc.clusters[0]!, controlPlaneEndpoint: 'https://evil.example:6443/login' }],
    }).markdown;
    expect(md).toContain('| https:\u200d//evil.example:6443/login |');
    expect(md).not.toMatch(/https:\/\/evil/);
  });
});

describe('what changed, after a digest cut short', () => {
  it('compares the clusters the previous digest lists and counts the others as not compared', () => {
    const doc = example('ready');
    const previous = fitDigest(
      digestOf(doc),
      digestLine({ ...digestOf(doc), clusters: [digestOf(doc).clusters[0]!], omitted: 2 }).length,
    );
    expect(previous.clusters).toHaveLength(1);
    expect(previous.omitted).toBe(2);
    const next = {
      ...doc,
      stage: 'failed' as const,
      clusters: doc.clusters.map((c) => ({ ...c, state: 'failed' as const })),
    };
    const changes = diffDigests(previous, digestOf(next));
    expect(changes).toEqual([
      { kind: 'stage', from: 'ready', to: 'failed' },
      { kind: 'state', cluster: 'mesh-eu', from: 'ready', to: 'failed' },
      { kind: 'not-compared', clusters: 2 },
    ]);
    expect(renderStatus(next, { previous }).markdown).toContain(
      '- 2 clusters not compared: the previous report was too large to record them',
    );
  });

  it('summarises the mesh beyond 64 clusters instead of drawing the matrix', () => {
    const doc = example('ready');
    const clusters = Array.from({ length: 65 }, (_, i) => ({ ...doc.clusters[0]!, name: `c${i}` }));
    const md = renderStatus({
      ...doc,
      clusters,
      mesh: { enabled: true, pairs: [{ from: 'c0', to: 'c1', state: 'ready' }] },
    }).markdown;
    expect(md).not.toContain('| from ↓ to →');
    expect(md).toContain('✅ 1 ready · 🔄 0 connecting · ⏳ 0 pending · ❌ 0 failed');
  });
});

describe('marker and digest', () => {
  it('matches only a body that starts with this fleet marker, by the token identity', () => {
    const body = `${statusMarker('a')}\n\nx`;
    expect(isOwnStatusComment({ author: 'github-actions[bot]', body }, 'github-actions[bot]', 'a')).toBe(
      true,
    );
    expect(isOwnStatusComment({ author: 'GitHub-Actions[bot]', body }, 'github-actions[bot]', 'a')).toBe(
      true,
    );
    expect(isOwnStatusComment({ author: 'github-actions', body }, 'github-actions[bot]', 'a')).toBe(false);
    expect(isOwnStatusComment({ author: null, body }, 'github-actions[bot]', 'a')).toBe(false);
    expect(isOwnStatusComment({ author: 'github-actions[bot]', body }, 'github-actions[bot]', 'ab')).toBe(
      false,
    );
    expect(
      isOwnStatusComment(
        { author: 'github-actions[bot]', body: `quote\n${body}` },
        'github-actions[bot]',
        'a',
      ),
    ).toBe(false);
    expect(
      isOwnStatusComment(
        { author: 'github-actions[bot]', body: retireStatusComment(body, 'a') },
        'github-actions[bot]',
        'a',
      ),
    ).toBe(false);
  });

  it('encodes fleet names so they cannot end the HTML comment', () => {
    expect(statusMarker('x --> <b>y</b>')).toBe(
      '<!-- talos-fleet:status fleet=x%20--%3E%20%3Cb%3Ey%3C%2Fb%3E -->',
    );
  });

  it('round-trips the digest whatever the names, and ignores a forged or broken one', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const digest = digestOf({
          ...example('ready'),
          clusters: [{ ...example('ready').clusters[0]!, name }],
        });
        const line = digestLine(digest);
        expect(line.indexOf('-->')).toBe(line.length - 3);
        expect(parseDigest(`body\n\n${line}\n`)).toEqual(digest);
      }),
    );
    expect(parseDigest('<!-- talos-fleet:digest {"v":2} -->')).toBeUndefined();
    expect(parseDigest('<!-- talos-fleet:digest {nope} -->')).toBeUndefined();
    expect(parseDigest(undefined)).toBeUndefined();
  });
});

describe('markdown helpers', () => {
  it('codeBlock uses a fence longer than any backtick run inside', () => {
    expect(codeBlock('a ```` b')).toBe('`````text\na ```` b\n`````');
  });

  it('escapes entities without breaking them', () => {
    expect(escapeMarkdownInline("it's #1")).toBe('it&#39;s #\u200d1');
  });

  it('only links http(s) URLs, percent-encoding what would end the link', () => {
    expect(markdownLinkTarget('javascript:alert(1)')).toBeUndefined();
    expect(markdownLinkTarget('https://x.example/a(b) c')).toBe('https://x.example/a%28b%29%20c');
  });

  it('formats durations', () => {
    expect([0, 45_000, 750_000, 3_723_000, 90_000_000].map(formatDuration)).toEqual([
      '0s',
      '45s',
      '12m 30s',
      '1h 02m 03s',
      '1d 1h 00m',
    ]);
  });
});
