import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{INPUT_NAMES,inputsSchema}from"./chunk-OCN7KALS.js";import"./chunk-IHW4VC6D.js";import"./chunk-3OGW5TLL.js";import"./chunk-W3PR4C4L.js";import"./chunk-VFS6SUSZ.js";import"./chunk-QFKOXMJR.js";export{INPUT_NAMES,inputsSchema};
