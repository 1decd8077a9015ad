import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{readInputs}from"./chunk-C5ZE37E5.js";import"./chunk-YNBEZA6K.js";import"./chunk-X2GNYNTO.js";import"./chunk-NEPKBPUW.js";import"./chunk-M3X3RQFK.js";import"./chunk-6SNXCXMX.js";export{readInputs};
