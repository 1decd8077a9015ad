import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{planToDirectory}from"./chunk-3Q3VODO4.js";import"./chunk-5FUK47CY.js";import"./chunk-7ZDXOAFJ.js";import"./chunk-VRUZVK3F.js";import"./chunk-YTK67W7D.js";import"./chunk-AVYIUIFQ.js";import"./chunk-M6EOJR2Q.js";import"./chunk-IHW4VC6D.js";import"./chunk-ETM7FWXP.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-GCD7RROV.js";import"./chunk-VFS6SUSZ.js";import"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";export{planToDirectory};
