import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{runAction}from"./chunks/chunk-RQ3V2N77.js";import{info}from"./chunks/chunk-GGOBSEK3.js";import"./chunks/chunk-BXUEXL7E.js";import"./chunks/chunk-T7HKUHG4.js";import"./chunks/chunk-6SNXCXMX.js";info("talos-fleet pr-status: reporting the fleet status");await runAction("pr-status",async()=>{let{runPrStatus}=await import("./chunks/pr-status-WZQTCP7N.js");await runPrStatus()});
