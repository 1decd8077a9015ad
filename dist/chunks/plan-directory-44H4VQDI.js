import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{planToDirectory}from"./chunk-65L2DULN.js";import"./chunk-5FUK47CY.js";import"./chunk-OAJ6GFQE.js";import"./chunk-SQOW5CVM.js";import"./chunk-22IXVBMQ.js";import"./chunk-TIFTDTVB.js";import"./chunk-KOMZO767.js";import"./chunk-XDSGGW3X.js";import"./chunk-SDMNWEWB.js";import"./chunk-72MJ5M6L.js";import"./chunk-FYNX6N7C.js";import"./chunk-CR6NGCWC.js";import"./chunk-NXYP2DG4.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";export{planToDirectory};
