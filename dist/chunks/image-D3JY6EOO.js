import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{IMAGE_REF_PATTERN,resolveImage}from"./chunk-22IXVBMQ.js";import"./chunk-TIFTDTVB.js";import"./chunk-KOMZO767.js";import"./chunk-XDSGGW3X.js";import"./chunk-VQ66TPXY.js";export{IMAGE_REF_PATTERN,resolveImage};
