import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{ExitCode,error}from"./chunk-DGM6ZIZX.js";import{isUserError}from"./chunk-NXYP2DG4.js";async function runAction(name,main){try{await main()}catch(error2){if(process.exitCode=ExitCode.Failure,isUserError(error2)){error(error2.describe(),{title:error2.title??`talos-fleet ${name}`});return}let detail=error2 instanceof Error?error2.stack??error2.message:String(error2);error(`talos-fleet ${name} hit a bug. Please report it with this log.
${detail}`,{title:`talos-fleet ${name}: internal error`})}}export{runAction};
