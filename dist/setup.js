import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{runAction}from"./chunks/chunk-LSSYOWM4.js";import"./chunks/chunk-NSARMXZO.js";import"./chunks/chunk-MQNCKOJG.js";import{UserError}from"./chunks/chunk-T7HKUHG4.js";import"./chunks/chunk-VQ66TPXY.js";await runAction("setup",()=>Promise.reject(new UserError("This action is being built in this branch and does nothing yet.")));
