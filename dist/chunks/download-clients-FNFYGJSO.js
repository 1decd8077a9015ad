import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{createDownloadClients,envNumber}from"./chunk-RM2HVHDQ.js";import"./chunk-NNQ3AOQD.js";import"./chunk-5MON7BES.js";import"./chunk-XXESGHOV.js";import"./chunk-FNMSJC3J.js";import"./chunk-TVECCVKN.js";import"./chunk-T7HKUHG4.js";import"./chunk-VQ66TPXY.js";export{createDownloadClients,envNumber};
