import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
<<<<<<< HEAD
import{info}from"./chunks/chunk-DGM6ZIZX.js";import"./chunks/chunk-632DWWU4.js";import"./chunks/chunk-TVECCVKN.js";import"./chunks/chunk-VQ66TPXY.js";info("talos-fleet image: making sure the Talos GCE image exists");var{runImageAction}=await import("./chunks/image-action-6EHMBDCY.js");await runImageAction();
=======
import{info}from"./chunks/chunk-YNBEZA6K.js";import"./chunks/chunk-FNMSJC3J.js";import"./chunks/chunk-TVECCVKN.js";import"./chunks/chunk-VQ66TPXY.js";info("talos-fleet image: making sure the Talos GCE image exists");var{runImageAction}=await import("./chunks/image-action-XC4IKXS5.js");await runImageAction();
>>>>>>> 5543044 (janitor: flow over a Compute sweep port (fixed filtered list calls, passes until nothing changes), state-bucket sweep, action, CLI, tests against the Compute and GCS fakes)
