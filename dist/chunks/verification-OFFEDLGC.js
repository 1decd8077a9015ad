import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{ALLOW_UNVERIFIED_DEFAULT,allowUnverifiedInput,plainHttpMirrorRefusal,publishesChecksum,unverifiedRefusal}from"./chunk-TDDIBU2F.js";import"./chunk-EKJUKABT.js";import"./chunk-XFCTZTCG.js";import"./chunk-KEA3OJKO.js";import"./chunk-WGSHXEME.js";import"./chunk-VQ66TPXY.js";export{ALLOW_UNVERIFIED_DEFAULT,allowUnverifiedInput,plainHttpMirrorRefusal,publishesChecksum,unverifiedRefusal};
