import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{runAction}from"./chunks/chunk-S6O3W6V5.js";import"./chunks/chunk-WGSHXEME.js";import{info}from"./chunks/chunk-DGM6ZIZX.js";import"./chunks/chunk-VZ2WWSGY.js";import"./chunks/chunk-OQZO5FOU.js";import"./chunks/chunk-QFKOXMJR.js";info("talos-fleet network: making the GCP network match the plan");await runAction("network",async()=>(await import("./chunks/network-action-XMERC4IU.js")).run());
