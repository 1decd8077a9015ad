import type { ImageResult } from './ensure-image.js';

/** The outputs, named as in image/action.yml (the CLI prints the same object as JSON). */
export function imageOutputs(r: ImageResult): Record<string, string> {
  return {
    'image-name': r.imageName,
    'image-self-link': r.selfLink,
    'image-family': r.family,
    'schematic-id': r.schematicId,
    'gcs-uri': r.gcsUri,
  };
}

/** The job summary rows: what was reused and what was created, bytes moved and throughput. */
export function summaryRows(r: ImageResult): [string, string][] {
  const rows: [string, string][] = [
    ['Schematic', r.schematicId],
    ['Image', `${r.imageName} (${r.image})`],
    ['Self link', r.selfLink],
    ['Family', r.family || '(none)'],
    ['Object', `${r.gcsUri} (${r.object})`],
    ['Bucket', r.bucket],
    ['Downloaded', formatBytes(r.bytesDownloaded)],
  ];
  if (r.bytesDownloaded > 0 && r.uploadMs > 0)
    rows.push(['Throughput', `${(r.bytesDownloaded / 1024 / 1024 / (r.uploadMs / 1000)).toFixed(1)} MiB/s`]);
  if (r.resumedFrom > 0) rows.push(['Resumed at', `byte ${r.resumedFrom}`]);
  return rows;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i] ?? 'GiB'} (${n} bytes)`;
}
