import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import"./chunk-Y5J2FNCR.js";import{IMAGE_REF_PATTERN,resolveImage}from"./chunk-AVYIUIFQ.js";import"./chunk-M6EOJR2Q.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-QFKOXMJR.js";export{IMAGE_REF_PATTERN,resolveImage};
