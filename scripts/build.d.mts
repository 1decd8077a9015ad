import type { BuildResult } from 'esbuild';
export declare function actionEntries(): Promise<string[]>;
export declare function buildAll(outdir?: string): Promise<BuildResult<{ metafile: true }>>;
