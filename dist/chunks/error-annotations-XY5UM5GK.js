import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import"./chunk-QFKOXMJR.js";var ERROR_ANNOTATION_LIMIT=10;function fitAnnotations(annotations,options){let limit=options.limit??10;if(annotations.length<=limit)return[...annotations];let shown=annotations.slice(0,limit-1),rest=annotations.slice(limit-1),first=annotations[0];return[...shown,{message:[`${rest.length} more error(s); ${options.where} lists all ${annotations.length}:`,...rest.map(a=>`- ${a.startLine?`line ${a.startLine}: `:""}${a.message}`)].join(`
`),title:options.title,...first?.file?{file:first.file}:{}}]}export{ERROR_ANNOTATION_LIMIT,fitAnnotations};
