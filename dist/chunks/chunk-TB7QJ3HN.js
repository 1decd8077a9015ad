import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{formatIssues}from"./chunk-4QDY2H5B.js";import{getInput,setSecret}from"./chunk-YNBEZA6K.js";import{UserError}from"./chunk-T7HKUHG4.js";function readInputs(spec){for(let name of spec.secrets??[]){let value=getInput(name);value&&setSecret(value)}let raw={};for(let name of spec.names){let value=getInput(name);raw[name]=value===""?void 0:value}let result=spec.schema.safeParse(raw);if(!result.success){let issues=formatIssues(result.error.issues,path=>`input '${path}'`),[only]=issues;throw new UserError(issues.length===1&&only?only:`${issues.length} inputs are invalid:`,{details:issues.length===1?[]:issues,title:"Invalid input"})}return result.data}export{readInputs};
