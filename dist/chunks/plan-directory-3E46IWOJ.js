import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{planToDirectory}from"./chunk-H7TOOJCX.js";import"./chunk-IC53WV5U.js";import"./chunk-72MJ5M6L.js";import"./chunk-CR6NGCWC.js";import"./chunk-SQOW5CVM.js";import"./chunk-227Q754X.js";import"./chunk-TIFTDTVB.js";import"./chunk-ZK7AHA25.js";import"./chunk-GS5W757A.js";import"./chunk-NXYP2DG4.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";export{planToDirectory};
