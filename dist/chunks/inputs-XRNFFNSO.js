import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{readInputs}from"./chunk-KGWBCU2T.js";import"./chunk-GCD7RROV.js";import"./chunk-WGSHXEME.js";import"./chunk-DGM6ZIZX.js";import"./chunk-VZ2WWSGY.js";import"./chunk-OQZO5FOU.js";import"./chunk-QFKOXMJR.js";export{readInputs};
