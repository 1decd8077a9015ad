import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
<<<<<<<< HEAD:dist/chunks/command-runner-HD6XPUQK.js
import{pathCommandRunner}from"./chunk-XYPHFDAS.js";import"./chunk-NXYP2DG4.js";import"./chunk-VQ66TPXY.js";export{pathCommandRunner};
========
import{require_src}from"./chunk-SF3CW5FC.js";import"./chunk-KXWL7VQ7.js";import"./chunk-VQ66TPXY.js";export default require_src();
>>>>>>>> 5543044 (janitor: flow over a Compute sweep port (fixed filtered list calls, passes until nothing changes), state-bucket sweep, action, CLI, tests against the Compute and GCS fakes):dist/chunks/src-RBF2QIPJ.js
