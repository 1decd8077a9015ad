import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{isUserError}from"./chunk-WGSHXEME.js";import{ExitCode,error}from"./chunk-DGM6ZIZX.js";async function runAction(name,main){try{await main()}catch(error2){if(process.exitCode=ExitCode.Failure,isUserError(error2)){error2.annotations.length?await annotateEach(name,error2):error(error2.describe(),{title:error2.title??`talos-fleet ${name}`});return}let detail=error2 instanceof Error?error2.stack??error2.message:String(error2);error(`talos-fleet ${name} hit a bug. Please report it with this log.
${detail}`,{title:`talos-fleet ${name}: internal error`})}}async function annotateEach(name,error2){let[{fitAnnotations},{actionsLog},{writeJobSummary}]=await Promise.all([import("./error-annotations-XY5UM5GK.js"),import("./actions-log-Z2IXZ6LL.js"),import("./job-summary-XX7LVC4P.js")]),title=error2.title??`talos-fleet ${name}`,fitted=fitAnnotations(error2.annotations,{title,where:"the job summary"});for(let{message,...properties}of fitted)error(message,{title,...properties});actionsLog.info(error2.describe()),await writeJobSummary({title:`${title}: ${error2.message}`,table:{headers:["Line","Problem"],rows:error2.annotations.map(a=>[a.startLine??"",a.message])},...error2.fix?{lines:[`Fix: ${error2.fix}`]}:{}})}export{runAction};
