import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{external_exports}from"./chunk-VFS6SUSZ.js";var booleanInput=defaultValue=>external_exports.string().optional().transform((v,ctx)=>{if(v===void 0)return defaultValue;let s=v.trim().toLowerCase();return s==="true"?!0:s==="false"?!1:(ctx.addIssue({code:"custom",message:`must be 'true' or 'false', got '${v}'`}),external_exports.NEVER)});function splitList(value){return value.split(/[\n,]/).map(s=>s.trim()).filter(s=>s!==""&&!s.startsWith("#"))}var listInput=()=>external_exports.string().optional().transform(v=>v===void 0?[]:splitList(v)),keyValueInput=()=>external_exports.string().optional().transform((v,ctx)=>{let out={};for(let item of v===void 0?[]:splitList(v)){let eq=item.indexOf("=");if(eq<=0)return ctx.addIssue({code:"custom",message:`'${item}' is not key=value`}),external_exports.NEVER;out[item.slice(0,eq).trim()]=item.slice(eq+1).trim()}return out});export{booleanInput,splitList,listInput,keyValueInput};
