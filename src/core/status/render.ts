import { codeBlock, escapeMarkdownInline as esc, markdownLinkTarget } from '../markdown.js';
import { diffDigests, type StatusChange } from './changes.js';
import { digestLine, digestOf, fitDigest, type StatusDigest, statusMarker } from './marker.js';
import type {
  ClusterState,
  ClusterStatus,
  FleetStage,
  MeshState,
  NetworkState,
  StatusDocument,
  StatusError,
} from './schema.js';

/**
 * The one renderer of a status document: the pull-request comment, the job summary and
 * `talos-fleet status` all show this markdown. Pure: the elapsed time and the expiry are relative
 * to the document's own timestamps, never to the clock.
 */

/** GitHub rejects comment bodies over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What the renderer aims for, leaving room for GitHub counting characters differently from UTF-16 units. */
const DEFAULT_MAX_LENGTH = 65_000;
/** Beyond this many clusters the mesh is summarised instead of drawn as an N×N matrix. */
const MESH_MATRIX_MAX_CLUSTERS = 64;

export interface RenderOptions {
  /** Link to the run doing the rendering: shown unless the document's own `run.url` is trusted. */
  runUrl?: string;
  /**
   * `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/`. The document may come from a fork (the
   * `workflow_run` pattern), so its `run.url` is linked only when it is a run under this prefix;
   * without a prefix it is never linked.
   */
  trustedRunUrlPrefix?: string;
  /** Digest parsed from the previous comment, to list what changed. */
  previous?: StatusDigest;
  /** Body length limit, at most 65,536; diagnostics are cut first, then detail, and the report says so. */
  maxLength?: number;
}

export interface RenderedStatus {
  markdown: string;
  /** The digest written on the last line (cut short, with `omitted`, when it would take too much room). */
  digest: StatusDigest;
  changes: StatusChange[];
  /** What had to be cut to fit `maxLength`, as said in the report; empty when nothing was. */
  truncation: string[];
}

const STAGE_EMOJI: Record<FleetStage, string> = {
  planned: '📝',
  image: '💿',
  network: '🌐',
  provisioning: '⏳',
  mesh: '🕸️',
  ready: '✅',
  failed: '❌',
  destroying: '🧹',
  destroyed: '🗑️',
};

const NETWORK_EMOJI: Record<NetworkState, string> = {
  pending: '⏳',
  applying: '🔄',
  ready: '✅',
  failed: '❌',
  deleting: '🧹',
  deleted: '🗑️',
};

/** Network objects listed by name; beyond this the counts say the rest. */
const NETWORK_OBJECTS_SHOWN = 30;

const CLUSTER_EMOJI: Record<ClusterState, string> = {
  planned: '📝',
  provisioning: '⏳',
  ready: '✅',
  failed: '❌',
  deleting: '🧹',
  destroyed: '🗑️',
};

const MESH_EMOJI: Record<MeshState, string> = { pending: '⏳', connecting: '🔄', ready: '✅', failed: '❌' };

/**
 * The document's run link when it is a run of this repository (`<prefix><id>` or
 * `<prefix><id>/attempts/<n>`), else undefined.
 */
export function trustedRunUrl(url: string | undefined, prefix: string | undefined): string | undefined {
  if (!url || !prefix) return undefined;
  let href: string;
  let trusted: string;
  try {
    href = new URL(url).href;
    trusted = new URL(prefix).href;
  } catch {
    return undefined;
  }
  if (!trusted.endsWith('/actions/runs/') || !href.startsWith(trusted)) return undefined;
  return /^\d+(?:\/attempts\/\d+)?$/.test(href.slice(trusted.length)) ? href : undefined;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0s';
  const total = Math.round(ms / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${h}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? esc(iso) : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const between = (from: string | undefined, to: string | undefined) =>
  from && to ? Date.parse(to) - Date.parse(from) : undefined;

function header(doc: StatusDocument, runUrl: string | undefined): string[] {
  const end = doc.stage === 'destroyed' || doc.stage === 'failed' ? 'after' : 'for';
  const facts = [`${end} **${formatDuration(between(doc.startedAt, doc.updatedAt) ?? 0)}**`];
  const link = runUrl ? markdownLinkTarget(runUrl) : undefined;
  if (link) facts.push(`[workflow run](${link})`);
  if (doc.source.branch) facts.push(`branch ${esc(doc.source.branch)}`);
  if (doc.source.sha) facts.push(`commit ${esc(doc.source.sha.slice(0, 12))}`);
  facts.push(`updated ${formatTime(doc.updatedAt)}`);
  return [`### ${STAGE_EMOJI[doc.stage]} Fleet ${esc(doc.fleet)}: ${doc.stage}`, '', facts.join(' · ')];
}

function planLine(doc: StatusDocument): string[] {
  const p = doc.plan;
  if (!p) return [];
  const nodes = p.controlPlaneNodes + p.workerNodes;
  const regions = p.regions.length ? ` in ${p.regions.map(esc).join(', ')}` : '';
  const digest = p.digest ? ` · plan ${esc(p.digest.replace(/^sha256:/, '').slice(0, 12))}` : '';
  return [
    `**Plan:** ${p.clusters} cluster${p.clusters === 1 ? '' : 's'}, ${nodes} node${nodes === 1 ? '' : 's'} (${p.controlPlaneNodes} control plane, ${p.workerNodes} worker${p.workerNodes === 1 ? '' : 's'})${regions}${digest}`,
  ];
}

function expiryLine(doc: StatusDocument): string[] {
  if (!doc.ttl) return [];
  const expires = formatTime(doc.ttl.expiresAt);
  if (doc.stage === 'destroyed') return [`**Expiry:** was ${expires}; everything is destroyed.`];
  const left = Date.parse(doc.ttl.expiresAt) - Date.parse(doc.updatedAt);
  return left >= 0
    ? [
        `**Expires** ${expires} (in ${formatDuration(left)}): every resource carries it in its \`expires-at\` label, so whatever is left after then can be found and deleted.`,
      ]
    : [
        `⚠️ **Expired** ${expires} (${formatDuration(-left)} ago): whatever is left is past its \`expires-at\` label and can be deleted.`,
      ];
}

function describeChange(c: StatusChange): string {
  switch (c.kind) {
    case 'stage':
      return `fleet ${esc(c.from)} → **${esc(c.to)}**`;
    case 'cluster-added':
      return `➕ cluster **${esc(c.cluster)}** added (${esc(c.region)})`;
    case 'cluster-removed':
      return `➖ cluster **${esc(c.cluster)}** removed`;
    case 'version':
      return `🔁 **${esc(c.cluster)}**: ${c.component} ${esc(c.from)} → ${esc(c.to)}`;
    case 'region':
      return `🔁 **${esc(c.cluster)}**: region ${esc(c.from)} → ${esc(c.to)}`;
    case 'state':
      return `**${esc(c.cluster)}**: ${esc(c.from)} → ${esc(c.to)}`;
    case 'not-compared':
      return `${c.clusters} cluster${c.clusters === 1 ? '' : 's'} not compared: the previous report was too large to record ${c.clusters === 1 ? 'it' : 'them'}`;
  }
}

function changesSection(
  changes: StatusChange[],
  previous: StatusDigest | undefined,
  limit: number,
): string[] {
  if (!previous) return [];
  const at = `since the last update (${formatTime(previous.updatedAt)})`;
  if (changes.length === 0) return [`**No changes** ${at}.`];
  const shown = changes.slice(0, limit).map((c) => `- ${describeChange(c)}`);
  if (changes.length > limit) shown.push(`- … and ${changes.length - limit} more`);
  return [`**Changes ${at}:**`, '', ...shown];
}

function clusterTable(c: ClusterStatus): string[] {
  const t = c.timings;
  const timing = t.destroyedAt
    ? `destroyed ${formatTime(t.destroyedAt)}`
    : t.readyAt && t.startedAt
      ? `ready in ${formatDuration(between(t.startedAt, t.readyAt) ?? 0)}`
      : t.startedAt
        ? `started ${formatTime(t.startedAt)}`
        : '—';
  const nodes = `${c.nodes.ready}/${c.nodes.desired}${c.nodes.ready < c.nodes.desired ? '' : ' ✅'}`;
  const lines = [
    `**${CLUSTER_EMOJI[c.state]} ${esc(c.name)}** · ${c.state}`,
    '',
    '| Region | Talos | Kubernetes | Nodes ready | Control plane | Timing |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${esc(c.region)} | ${esc(c.talosVersion)} | ${esc(c.kubernetesVersion)} | ${nodes} | ${c.controlPlaneEndpoint ? esc(c.controlPlaneEndpoint) : '—'} | ${timing} |`,
  ];
  const m = c.machines;
  const facts: string[] = [];
  if (m) facts.push(`- Machines: ${m.created}/${m.desired} created, ${m.running} running`);
  // What still holds the cluster back (or failed it): conditions that are not as they should end.
  for (const k of c.conditions) {
    const settled =
      k.type === 'Stalled' || k.type === 'Deleting' || k.type === 'Destroyed' ? 'False' : 'True';
    if (k.status === settled || (k.type === 'Destroyed' && c.state === 'destroyed')) continue;
    const icon = k.type === 'Stalled' ? '❌' : '⏳';
    facts.push(
      `- ${icon} ${k.type}: ${k.status} (${esc(k.reason)})${k.message ? `: ${esc(k.message)}` : ''}`,
    );
  }
  return facts.length ? [...lines, '', ...facts] : lines;
}

function networkSection(doc: StatusDocument): string[] {
  const n = doc.network;
  if (!n) return [];
  const { created, updated, deleted, unchanged } = n.counts;
  const lines = [
    `#### ${NETWORK_EMOJI[n.state]} Network · ${n.state}`,
    '',
    `${created} created · ${updated} updated · ${deleted} deleted · ${unchanged} unchanged${n.vpcSelfLink ? ` · VPC ${esc(n.vpcSelfLink)}` : ''}`,
  ];
  const changed = n.objects.filter((o) => o.action !== 'unchanged');
  if (changed.length) {
    lines.push('', '| Kind | Name | Action |', '| --- | --- | --- |');
    for (const o of changed.slice(0, NETWORK_OBJECTS_SHOWN))
      lines.push(`| ${esc(o.kind)} | ${esc(o.name)} | ${o.action} |`);
    if (changed.length > NETWORK_OBJECTS_SHOWN)
      lines.push('', `_${changed.length - NETWORK_OBJECTS_SHOWN} more changed object(s) not listed._`);
  }
  return lines;
}

/** `tables` holds `clusterTable` of each cluster, built once for every layout tried. */
function clustersSection(doc: StatusDocument, tables: string[][], shown: number): string[] {
  if (doc.clusters.length === 0) return [];
  const ready = doc.clusters.filter((c) => c.state === 'ready').length;
  const lines = [`#### Clusters (${ready}/${doc.clusters.length} ready)`];
  for (const table of tables.slice(0, shown)) lines.push('', ...table);
  if (shown < doc.clusters.length)
    lines.push(
      '',
      `_${doc.clusters.length - shown} more cluster(s) not shown to fit the comment size limit._`,
    );
  return lines;
}

function meshSection(doc: StatusDocument, matrix: boolean): string[] {
  if (!doc.mesh.enabled) return [];
  const pairs = doc.mesh.pairs;
  const counts: Record<MeshState, number> = { ready: 0, connecting: 0, pending: 0, failed: 0 };
  for (const p of pairs) counts[p.state]++;
  const lines = [`#### ClusterMesh (${counts.ready}/${pairs.length} connections ready)`, ''];
  const names = doc.clusters.map((c) => c.name);
  if (matrix && names.length > 0 && names.length <= MESH_MATRIX_MAX_CLUSTERS) {
    const state = new Map(pairs.map((p) => [`${p.from}\u0000${p.to}`, p.state]));
    lines.push(
      `| from ↓ to → | ${names.map(esc).join(' | ')} |`,
      `| --- |${' :---: |'.repeat(names.length)}`,
    );
    for (const from of names) {
      const cells = names.map((to) => {
        if (from === to) return '—';
        const s = state.get(`${from}\u0000${to}`);
        return s ? MESH_EMOJI[s] : '⬜';
      });
      lines.push(`| **${esc(from)}** | ${cells.join(' | ')} |`);
    }
    lines.push('', '✅ ready · 🔄 connecting · ⏳ pending · ❌ failed · ⬜ not configured');
  } else {
    lines.push(
      `✅ ${counts.ready} ready · 🔄 ${counts.connecting} connecting · ⏳ ${counts.pending} pending · ❌ ${counts.failed} failed` +
        (names.length > MESH_MATRIX_MAX_CLUSTERS
          ? ` (the matrix is drawn for up to ${MESH_MATRIX_MAX_CLUSTERS} clusters)`
          : ''),
    );
  }
  const failed = pairs.filter((p) => p.state === 'failed');
  if (failed.length) {
    lines.push('');
    for (const p of failed.slice(0, 20))
      lines.push(`- ❌ ${esc(p.from)} → ${esc(p.to)}${p.message ? `: ${esc(p.message)}` : ''}`);
    if (failed.length > 20) lines.push(`- … and ${failed.length - 20} more failed connections`);
  }
  return lines;
}

/** `budgets[i]` is how many characters of error i's diagnostics to show; undefined shows them all. */
function errorsSection(errors: StatusError[], budgets: (number | undefined)[] | 'none'): string[] {
  if (errors.length === 0) return [];
  const lines = [`#### ❌ Errors (${errors.length})`];
  errors.forEach((e, i) => {
    const where = e.cluster ? ` (${esc(e.cluster)})` : '';
    lines.push('', `**${esc(e.step)}**${where}: ${esc(e.message)}`);
    if (!e.diagnostics || budgets === 'none') return;
    const budget = budgets[i];
    if (budget === 0) return;
    const cut = budget !== undefined && budget < e.diagnostics.length;
    const shown = cut
      ? `${e.diagnostics.slice(0, budget)}\n… (${e.diagnostics.length - budget} more characters cut)`
      : e.diagnostics;
    lines.push('', '<details><summary>Diagnostics</summary>', '', codeBlock(shown), '', '</details>');
  });
  return lines;
}

interface Layout {
  diagnostics: (number | undefined)[] | 'none';
  clusters: number;
  matrix: boolean;
  changes: number;
  notes: string[];
}

/**
 * The markdown for a layout. Truncation tries several layouts (a binary search over the number of
 * cluster tables among them), so what does not depend on the layout is built once, and the mesh
 * section (a pass over up to N² pairs) once per matrix setting.
 */
function assembler(
  doc: StatusDocument,
  options: RenderOptions,
  changes: StatusChange[],
  digest: StatusDigest,
): (layout: Layout) => string {
  const marker = statusMarker(doc.fleet);
  const digestText = digestLine(digest);
  const head = [
    header(doc, trustedRunUrl(doc.run?.url, options.trustedRunUrlPrefix) ?? options.runUrl),
    planLine(doc),
    expiryLine(doc),
  ];
  const tables = doc.clusters.map(clusterTable);
  const network = networkSection(doc);
  const mesh = new Map<boolean, string[]>();
  return (layout) => {
    let meshLines = mesh.get(layout.matrix);
    if (!meshLines) {
      meshLines = meshSection(doc, layout.matrix);
      mesh.set(layout.matrix, meshLines);
    }
    const sections: string[][] = [
      ...head,
      changesSection(changes, options.previous, layout.changes),
      network,
      clustersSection(doc, tables, layout.clusters),
      meshLines,
      errorsSection(doc.errors, layout.diagnostics),
      layout.notes.length ? [`> [!NOTE]\n> ${layout.notes.join(' ')}`] : [],
    ];
    const body = sections.filter((s) => s.length > 0).map((s) => s.join('\n'));
    return [marker, ...body, digestText].join('\n\n') + '\n';
  };
}

const TRUNCATION_NOTE =
  "This report was shortened to fit GitHub's 65,536-character comment limit; the full text is in the status document (`talos-fleet status <file>`).";

/** Splits `budget` characters over the diagnostics in order: earlier errors keep more. */
function shareBudget(errors: StatusError[], budget: number): number[] {
  let left = Math.max(0, budget);
  return errors.map((e) => {
    const want = e.diagnostics?.length ?? 0;
    const take = Math.min(want, left);
    left -= take;
    return take;
  });
}

/** The share of the body the hidden digest may take; beyond it, it lists only the first clusters. */
const DIGEST_SHARE = 4;

/** Cuts `markdown` to `length` characters at a line end when one is near, never inside a surrogate pair. */
function cutAt(markdown: string, length: number): string {
  if (length <= 0) return '';
  const lineEnd = markdown.lastIndexOf('\n', length);
  let end = lineEnd > length - 2000 && lineEnd > 0 ? lineEnd : length;
  const last = markdown.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return markdown.slice(0, end);
}

export function renderStatus(doc: StatusDocument, options: RenderOptions = {}): RenderedStatus {
  const max = Math.min(options.maxLength ?? DEFAULT_MAX_LENGTH, GITHUB_COMMENT_LIMIT);
  const full = digestOf(doc);
  const changes = options.previous ? diffDigests(options.previous, full) : [];
  const digest = fitDigest(full, Math.floor(max / DIGEST_SHARE));
  const fitted = (result: Omit<RenderedStatus, 'digest' | 'changes'>): RenderedStatus => {
    // The last guard: whatever the input, GitHub must accept the body.
    if (result.markdown.length > GITHUB_COMMENT_LIMIT)
      throw new Error(
        `rendered status is ${result.markdown.length} characters, over GitHub's ${GITHUB_COMMENT_LIMIT}`,
      );
    return { ...result, digest, changes };
  };
  const fullLayout: Layout = {
    diagnostics: [],
    clusters: doc.clusters.length,
    matrix: true,
    changes: 50,
    notes: [],
  };
  const assemble = assembler(doc, options, changes, digest);
  let markdown = assemble(fullLayout);
  if (markdown.length <= max) return fitted({ markdown, truncation: [] });

  const truncation: string[] = [];
  // 1. Diagnostics first: measure everything else, then give the diagnostics what is left.
  const withoutDiagnostics: Layout = {
    ...fullLayout,
    diagnostics: doc.errors.map(() => 0),
    notes: [TRUNCATION_NOTE],
  };
  const fixed = assemble(withoutDiagnostics).length;
  const total = doc.errors.reduce((n, e) => n + (e.diagnostics?.length ?? 0), 0);
  // Each diagnostics block adds its wrapper and a "characters cut" line besides the text.
  const overhead = doc.errors.filter((e) => e.diagnostics).length * 160;
  const budgets = shareBudget(doc.errors, max - fixed - overhead);
  const shownChars = budgets.reduce((a, b) => a + b, 0);
  const layout: Layout = {
    ...fullLayout,
    diagnostics: budgets,
    notes: [
      `Diagnostics were cut: ${shownChars.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} characters shown. ${TRUNCATION_NOTE}`,
    ],
  };
  truncation.push(`diagnostics cut to ${shownChars} of ${total} characters`);
  markdown = assemble(layout);
  if (markdown.length <= max) return fitted({ markdown, truncation });

  // 2. Still too long without diagnostics: summarise the mesh, then show fewer clusters.
  layout.diagnostics = 'none';
  layout.matrix = false;
  layout.changes = 20;
  layout.notes = [`Diagnostics, the mesh matrix and some detail were left out. ${TRUNCATION_NOTE}`];
  truncation.splice(0, truncation.length, 'diagnostics left out', 'mesh matrix summarised');
  markdown = assemble(layout);
  let low = 0;
  let high = doc.clusters.length;
  if (markdown.length > max) {
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (assemble({ ...layout, clusters: mid }).length <= max) low = mid;
      else high = mid - 1;
    }
    layout.clusters = low;
    truncation.push(`${low} of ${doc.clusters.length} cluster tables shown`);
    markdown = assemble(layout);
  }
  if (markdown.length > max) {
    // Only reachable with absurd inputs (hundreds of long error messages or names): a hard cut
    // that keeps the marker (the start) and the digest, which fitDigest holds to a quarter of `max`.
    const tail = `\n\n> [!NOTE]\n> ${TRUNCATION_NOTE}\n\n${digestLine(digest)}\n`;
    markdown = cutAt(markdown, max - tail.length) + tail;
    truncation.push('report cut short');
  }
  return fitted({ markdown, truncation });
}
