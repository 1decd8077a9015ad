import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{writePlanStatus}from"./chunk-IKEQQOMY.js";import"./chunk-2HXN577M.js";import"./chunk-DFYGI5TO.js";import"./chunk-IHW4VC6D.js";import"./chunk-Z7SQZEKB.js";import"./chunk-M3X3RQFK.js";import"./chunk-6SNXCXMX.js";export{writePlanStatus};
