import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{resolveVersion}from"./chunk-JEITQ3EL.js";import"./chunk-JU3PJNBR.js";import"./chunk-HCMJV2Q5.js";import"./chunk-5MON7BES.js";import"./chunk-XXESGHOV.js";import"./chunk-TIFTDTVB.js";import"./chunk-FNMSJC3J.js";import"./chunk-TVECCVKN.js";import"./chunk-T7HKUHG4.js";import"./chunk-VQ66TPXY.js";export{resolveVersion};
