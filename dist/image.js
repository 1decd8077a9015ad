import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{runAction}from"./chunks/chunk-S65KFJT4.js";import"./chunks/chunk-YNBEZA6K.js";import"./chunks/chunk-X2GNYNTO.js";import"./chunks/chunk-NEPKBPUW.js";import{UserError}from"./chunks/chunk-M3X3RQFK.js";import"./chunks/chunk-6SNXCXMX.js";await runAction("image",()=>Promise.reject(new UserError("This action is being built in this branch and does nothing yet.")));
