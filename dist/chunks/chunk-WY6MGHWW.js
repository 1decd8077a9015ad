import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
function consoleLog(stream=process.stderr,options={}){let write=line=>stream.write(`${line}
`);return{info:write,progress:write,warning:message=>write(`warning: ${message}`),notice:message=>write(`notice: ${message}`),debug:message=>{options.verbose&&write(`debug: ${message}`)},group:async(title,fn)=>((options.groupHeadings??!0)&&write(`\u25B8 ${title}`),fn())}}export{consoleLog};
