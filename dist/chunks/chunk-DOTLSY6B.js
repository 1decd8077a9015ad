import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{UserError}from"./chunk-WGSHXEME.js";import{parseArgs}from"node:util";function parseCommandArgs(command,args,options){try{return parseArgs({args,options,allowPositionals:!0,strict:!0})}catch(error){throw new UserError(error instanceof Error?error.message:String(error),{fix:`run 'talos-fleet ${command} --help' for the accepted options`})}}export{parseCommandArgs};
