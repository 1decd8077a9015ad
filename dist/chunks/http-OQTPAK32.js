import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{Http,HttpStatusError,TransferError,describeError,isTransient}from"./chunk-ZS35V7H3.js";import"./chunk-HT5QPWDY.js";import"./chunk-WU3UGW6Q.js";import"./chunk-FYUTSD2J.js";import"./chunk-VQ66TPXY.js";export{Http,HttpStatusError,TransferError,describeError,isTransient};
