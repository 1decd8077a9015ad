import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{UserError}from"./chunk-T7HKUHG4.js";import"./chunk-VQ66TPXY.js";var toolsCommand={help:"Usage: talos-fleet tools (being built)",run:()=>Promise.reject(new UserError("'talos-fleet tools' is being built in this branch and does nothing yet."))};export{toolsCommand};
