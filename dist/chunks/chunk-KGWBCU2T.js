import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{parseOrThrow}from"./chunk-GCD7RROV.js";import{getInput,setSecret}from"./chunk-DGM6ZIZX.js";function readInputs(spec){for(let name of spec.secrets??[]){let value=getInput(name);value&&setSecret(value)}let raw={};for(let name of spec.names){let value=getInput(name);raw[name]=value===""?void 0:value}return parseOrThrow(spec.schema,raw,{where:path=>`input '${path}'`,plural:"inputs",title:"Invalid input"})}export{readInputs};
