import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{require_dist2 as require_dist}from"./chunk-NXE7YXOH.js";import"./chunk-ELV2YRUQ.js";import"./chunk-VQ66TPXY.js";export default require_dist();
