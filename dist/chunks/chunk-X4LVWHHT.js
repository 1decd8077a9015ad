import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{debug,group,info,warning}from"./chunk-YNBEZA6K.js";var actionsLog={info:message=>info(message),warning:(message,properties)=>warning(message,properties?.title?{title:properties.title}:{}),debug:message=>debug(message),group:(title,fn)=>group(title,fn)};export{actionsLog};
