import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{upstreamSha256}from"./chunk-LGUIZUHS.js";import"./chunk-45YECV7O.js";import"./chunk-VCZXWSYG.js";import"./chunk-WM3IAPJP.js";import"./chunk-X2GNYNTO.js";import"./chunk-NEPKBPUW.js";import"./chunk-M3X3RQFK.js";import"./chunk-6SNXCXMX.js";export{upstreamSha256};
