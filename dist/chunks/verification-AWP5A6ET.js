import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{ALLOW_UNVERIFIED_DEFAULT,allowUnverifiedInput,plainHttpMirrorRefusal,publishesChecksum,unverifiedRefusal}from"./chunk-WEKV6OS2.js";import"./chunk-EKJUKABT.js";import"./chunk-W3PR4C4L.js";import"./chunk-VFS6SUSZ.js";import"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";export{ALLOW_UNVERIFIED_DEFAULT,allowUnverifiedInput,plainHttpMirrorRefusal,publishesChecksum,unverifiedRefusal};
