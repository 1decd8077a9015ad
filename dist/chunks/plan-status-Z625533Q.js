import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{writePlanStatus}from"./chunk-MHBWQNQD.js";import"./chunk-Q6GC3I4D.js";import"./chunk-3ZHTQXNM.js";import"./chunk-IHW4VC6D.js";import"./chunk-M3X3RQFK.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";export{writePlanStatus};
