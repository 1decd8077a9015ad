import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{runAction}from"./chunks/chunk-65PXED6L.js";import{info}from"./chunks/chunk-DGM6ZIZX.js";import"./chunks/chunk-632DWWU4.js";import"./chunks/chunk-TVECCVKN.js";import"./chunks/chunk-WGSHXEME.js";import"./chunks/chunk-VQ66TPXY.js";info("talos-fleet network: making the GCP network match the plan");await runAction("network",async()=>(await import("./chunks/network-action-2ZF7SGOU.js")).run());
