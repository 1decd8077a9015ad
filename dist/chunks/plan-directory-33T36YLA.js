import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{planToDirectory}from"./chunk-SBRHWNKN.js";import"./chunk-5FUK47CY.js";import"./chunk-7ZDXOAFJ.js";import"./chunk-VRUZVK3F.js";import"./chunk-RCXBEKUA.js";import"./chunk-RJTP7FYE.js";import"./chunk-TIFTDTVB.js";import"./chunk-72MJ5M6L.js";import"./chunk-XEZM4SIP.js";import"./chunk-IHW4VC6D.js";import"./chunk-3OGW5TLL.js";import"./chunk-GCD7RROV.js";import"./chunk-KEA3OJKO.js";import"./chunk-WGSHXEME.js";import"./chunk-VQ66TPXY.js";export{planToDirectory};
