import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
<<<<<<< HEAD
import{runAction}from"./chunks/chunk-AIXA43BR.js";import{info}from"./chunks/chunk-DGM6ZIZX.js";import"./chunks/chunk-632DWWU4.js";import"./chunks/chunk-TVECCVKN.js";import"./chunks/chunk-NXYP2DG4.js";import"./chunks/chunk-VQ66TPXY.js";info("talos-fleet pr-status: reporting the fleet status");await runAction("pr-status",async()=>{let{runPrStatus}=await import("./chunks/pr-status-S5KQTMDI.js");await runPrStatus()});
=======
import{runAction}from"./chunks/chunk-5RIJT3IA.js";import{info}from"./chunks/chunk-YNBEZA6K.js";import"./chunks/chunk-FNMSJC3J.js";import"./chunks/chunk-TVECCVKN.js";import"./chunks/chunk-NXYP2DG4.js";import"./chunks/chunk-VQ66TPXY.js";info("talos-fleet pr-status: reporting the fleet status");await runAction("pr-status",async()=>{let{runPrStatus}=await import("./chunks/pr-status-JZ6GYS3K.js");await runPrStatus()});
>>>>>>> 5543044 (janitor: flow over a Compute sweep port (fixed filtered list calls, passes until nothing changes), state-bucket sweep, action, CLI, tests against the Compute and GCS fakes)
