import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{safeLogLines}from"./chunk-3WIKFZPX.js";import{debug,group,info,notice,warning}from"./chunk-DGM6ZIZX.js";var annotation=p=>p?{...p.title?{title:p.title}:{},...p.file?{file:p.file}:{},...p.startLine?{startLine:p.startLine}:{}}:{},plain=message=>{for(let line of safeLogLines(message))info(line)},actionsLog={info:plain,progress:plain,warning:(message,properties)=>warning(message,annotation(properties)),notice:(message,properties)=>notice(message,annotation(properties)),debug:message=>debug(message),group:(title,fn)=>group(title,fn)};export{actionsLog};
