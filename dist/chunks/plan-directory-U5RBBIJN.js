import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{planToDirectory}from"./chunk-HFW7CEZG.js";import"./chunk-SQOW5CVM.js";import"./chunk-NYFKXJNW.js";import"./chunk-TIFTDTVB.js";import"./chunk-5FUK47CY.js";import"./chunk-XEZM4SIP.js";import"./chunk-L34RDV4W.js";import"./chunk-3OGW5TLL.js";import"./chunk-YG3ZJRQR.js";import"./chunk-M2OA5F3Y.js";import"./chunk-72MJ5M6L.js";import"./chunk-IHW4VC6D.js";import"./chunk-KEA3OJKO.js";import"./chunk-CR6NGCWC.js";import"./chunk-NXYP2DG4.js";import"./chunk-VQ66TPXY.js";export{planToDirectory};
