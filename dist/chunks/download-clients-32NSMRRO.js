import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{createDownloadClients}from"./chunk-ZXKVL6ID.js";import"./chunk-7RAIX2BH.js";import"./chunk-6KGM22LX.js";import"./chunk-7UA6PH6Z.js";import"./chunk-632DWWU4.js";import"./chunk-TVECCVKN.js";import"./chunk-WGSHXEME.js";import"./chunk-VQ66TPXY.js";export{createDownloadClients};
