import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{readInputs}from"./chunk-KGWBCU2T.js";import"./chunk-GCD7RROV.js";import"./chunk-DGM6ZIZX.js";import"./chunk-632DWWU4.js";import"./chunk-TVECCVKN.js";import"./chunk-WGSHXEME.js";import"./chunk-VQ66TPXY.js";export{readInputs};
