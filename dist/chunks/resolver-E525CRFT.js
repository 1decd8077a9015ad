import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{resolveVersion}from"./chunk-CEPK5NCC.js";import"./chunk-GJ2H5FLQ.js";import"./chunk-7KAWENM7.js";import"./chunk-EKJUKABT.js";import"./chunk-6KGM22LX.js";import"./chunk-M6EOJR2Q.js";import"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";export{resolveVersion};
