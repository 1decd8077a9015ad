import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
<<<<<<<< HEAD:dist/chunks/image-D3JY6EOO.js
import{IMAGE_REF_PATTERN,resolveImage}from"./chunk-22IXVBMQ.js";import"./chunk-TIFTDTVB.js";import"./chunk-KOMZO767.js";import"./chunk-XDSGGW3X.js";import"./chunk-VQ66TPXY.js";export{IMAGE_REF_PATTERN,resolveImage};
========
import{IMAGE_REF_PATTERN,resolveImage}from"./chunk-576FYD4C.js";import"./chunk-TIFTDTVB.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-VQ66TPXY.js";export{IMAGE_REF_PATTERN,resolveImage};
>>>>>>>> 5543044 (janitor: flow over a Compute sweep port (fixed filtered list calls, passes until nothing changes), state-bucket sweep, action, CLI, tests against the Compute and GCS fakes):dist/chunks/image-N2CKTCAL.js
