import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{loadSchematic,runImageAction}from"./chunk-E4LMIXPG.js";import"./chunk-J2KYGBGO.js";import"./chunk-SF3CW5FC.js";import"./chunk-HSQH4HR3.js";import"./chunk-KXWL7VQ7.js";import"./chunk-TL5NBQW6.js";import"./chunk-4GXKO4RI.js";import"./chunk-T7HKUHG4.js";import"./chunk-GT4TJN7Q.js";import"./chunk-VQ66TPXY.js";export{loadSchematic,runImageAction};
