import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{planToDirectory}from"./chunk-4RFQNVFL.js";import"./chunk-IC53WV5U.js";import"./chunk-SQOW5CVM.js";import"./chunk-576FYD4C.js";import"./chunk-TIFTDTVB.js";import"./chunk-72MJ5M6L.js";import"./chunk-XEZM4SIP.js";import"./chunk-CR6NGCWC.js";import"./chunk-RAZIJZCP.js";import"./chunk-IHW4VC6D.js";import"./chunk-3OGW5TLL.js";import"./chunk-NXYP2DG4.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";export{planToDirectory};
