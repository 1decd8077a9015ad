import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{booleanInput,keyValueInput,listInput,splitList}from"./chunk-W3PR4C4L.js";import"./chunk-VFS6SUSZ.js";import"./chunk-QFKOXMJR.js";export{booleanInput,keyValueInput,listInput,splitList};
