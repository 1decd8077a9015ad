import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{planToDirectory}from"./chunk-HCTVFMCT.js";import"./chunk-OALLG7BD.js";import"./chunk-72MJ5M6L.js";import"./chunk-4QCMIT7F.js";import"./chunk-SQOW5CVM.js";import"./chunk-HY4ARRNU.js";import"./chunk-TIFTDTVB.js";import"./chunk-UUDLHW4G.js";import"./chunk-T7HKUHG4.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";export{planToDirectory};
