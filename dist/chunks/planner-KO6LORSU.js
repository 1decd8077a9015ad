import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{DEFAULT_CONTROL_PLANE,DEFAULT_NODE_PORT,DEFAULT_TTL,DEFAULT_WORKERS,PLAN_KIND,expiryFor,planFleet,planFromSpec,previousExpiry,renderPlan,resolveFleet,yamlDoc}from"./chunk-W6Q3GHKX.js";import"./chunk-IHW4VC6D.js";import"./chunk-72MJ5M6L.js";import"./chunk-OALA3ZRQ.js";import"./chunk-TIFTDTVB.js";import"./chunk-LZJRJJNE.js";import"./chunk-G57VVX3L.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";export{DEFAULT_CONTROL_PLANE,DEFAULT_NODE_PORT,DEFAULT_TTL,DEFAULT_WORKERS,PLAN_KIND,expiryFor,planFleet,planFromSpec,previousExpiry,renderPlan,resolveFleet,yamlDoc};
