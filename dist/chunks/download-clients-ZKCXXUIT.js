import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{createDownloadClients}from"./chunk-MFII7GHX.js";import"./chunk-O6RZBDZ3.js";import"./chunk-6KGM22LX.js";import"./chunk-7UA6PH6Z.js";import"./chunk-WGSHXEME.js";import"./chunk-VZ2WWSGY.js";import"./chunk-OQZO5FOU.js";import"./chunk-QFKOXMJR.js";export{createDownloadClients};
