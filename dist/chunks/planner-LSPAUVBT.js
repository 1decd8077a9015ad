import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{DEFAULT_CONTROL_PLANE,DEFAULT_NODE_PORT,DEFAULT_TTL,DEFAULT_WORKERS,PLAN_KIND,planFleet,planFromSpec,renderPlan,resolveFleet,yamlDoc}from"./chunk-TNRR4MAZ.js";import"./chunk-ICEEEMLV.js";import"./chunk-IHW4VC6D.js";import"./chunk-M5JPHQPT.js";import"./chunk-SXMO3AQP.js";import"./chunk-G57VVX3L.js";import"./chunk-Z7SQZEKB.js";import"./chunk-6SNXCXMX.js";export{DEFAULT_CONTROL_PLANE,DEFAULT_NODE_PORT,DEFAULT_TTL,DEFAULT_WORKERS,PLAN_KIND,planFleet,planFromSpec,renderPlan,resolveFleet,yamlDoc};
