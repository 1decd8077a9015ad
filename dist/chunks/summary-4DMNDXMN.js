import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{OVERVIEW_HEADERS,fleetRows,headline,outcomeError,overviewRows}from"./chunk-GEH6MJYQ.js";import"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";export{OVERVIEW_HEADERS,fleetRows,headline,outcomeError,overviewRows};
