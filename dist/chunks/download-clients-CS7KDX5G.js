import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{createDownloadClients}from"./chunk-EX5HGUM5.js";import"./chunk-YGI6CO27.js";import"./chunk-HIX4CS3U.js";import"./chunk-6KGM22LX.js";import"./chunk-FNMSJC3J.js";import"./chunk-TVECCVKN.js";import"./chunk-NXYP2DG4.js";import"./chunk-VQ66TPXY.js";export{createDownloadClients};
