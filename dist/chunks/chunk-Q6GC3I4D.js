import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{parseStatusDocument,parseStatusJson}from"./chunk-3ZHTQXNM.js";import{UserError}from"./chunk-M3X3RQFK.js";import{mkdir,readFile,rename,writeFile}from"node:fs/promises";import{dirname}from"node:path";async function readStatusFile(path){return(await loadStatusFile(path)).document}async function loadStatusFile(path){let text;try{text=await readFile(path,"utf8")}catch(error){let code=error.code;throw new UserError(`cannot read the status document ${path}: ${code??String(error)}`,{fix:"point status-file at the status.json written by the earlier talos-fleet steps (or `talos-fleet status` output)",title:"status-file"})}return parseStatusJson(text,path)}async function readStatusFileIfExists(path){let text;try{text=await readFile(path,"utf8")}catch(error){return error.code==="ENOENT"?void 0:readStatusFile(path)}return parseStatusJson(text,path).document}async function writeStatusFile(path,document){let{document:clean}=parseStatusDocument(document,`the status document for ${path}`);await mkdir(dirname(path),{recursive:!0});let temporary=`${path}.${process.pid}.tmp`;return await writeFile(temporary,`${JSON.stringify(clean,null,2)}
`,{mode:420}),await rename(temporary,path),clean}export{loadStatusFile,readStatusFileIfExists,writeStatusFile};
