import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{janitorPacing,janitorPorts}from"./chunk-ETSUSVWG.js";import"./chunk-DH2GS6U6.js";import"./chunk-57AAZFI2.js";import"./chunk-ES5JBLKH.js";import"./chunk-6KGM22LX.js";import"./chunk-OEBIIT6M.js";import"./chunk-3OGW5TLL.js";import"./chunk-7UA6PH6Z.js";import"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";export{janitorPacing,janitorPorts};
