import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{UserError}from"./chunk-WGSHXEME.js";import{execFile}from"node:child_process";function pathCommandRunner(env){return{run:(argv,options={})=>new Promise((resolve,reject)=>{let[file,...args]=argv;if(!file){reject(new Error("empty command line"));return}execFile(file,args,{env:options.env?{...env,...options.env}:env,maxBuffer:64*1024*1024,...options.timeoutMs===void 0?{}:{timeout:options.timeoutMs}},(error,stdout,stderr)=>{if(error?.code==="ENOENT"){reject(new UserError(`${file} is not on PATH`,{fix:`install it first: the setup action (uses: talos-fleet/talos-fleet-actions@v0 with tools: ${file}) puts it on PATH`}));return}let exit=error?.code,status=error?typeof exit=="number"?exit:1:0,killed=error?.killed===!0;resolve({code:status,stdout,stderr:killed?`${stderr}
${file} did not finish within ${Math.round((options.timeoutMs??0)/1e3)} s and was stopped.
`:stderr})})})}}export{pathCommandRunner};
