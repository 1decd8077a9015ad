import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{upstreamSha256}from"./chunk-G2TSHSZS.js";import"./chunk-7KAWENM7.js";import"./chunk-6KGM22LX.js";import"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";export{upstreamSha256};
