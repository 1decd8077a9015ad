import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{readInputs}from"./chunk-IZR2L6WO.js";import"./chunk-4QCMIT7F.js";import"./chunk-YNBEZA6K.js";import"./chunk-FNMSJC3J.js";import"./chunk-TVECCVKN.js";import"./chunk-T7HKUHG4.js";import"./chunk-VQ66TPXY.js";export{readInputs};
