import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{info}from"./chunks/chunk-DGM6ZIZX.js";import"./chunks/chunk-VZ2WWSGY.js";import"./chunks/chunk-OQZO5FOU.js";import"./chunks/chunk-QFKOXMJR.js";info("talos-fleet image: making sure the Talos GCE image exists");var{runImageAction}=await import("./chunks/image-action-W4I25FSC.js");await runImageAction();
