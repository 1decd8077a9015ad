import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{runJanitor}from"./chunk-SD7ZBBXM.js";import"./chunk-2KWDS5K3.js";import"./chunk-IAS36GCE.js";import"./chunk-7ZDXOAFJ.js";import"./chunk-57AAZFI2.js";import"./chunk-3OGW5TLL.js";import"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";export{runJanitor};
