import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{UserError}from"./chunk-WGSHXEME.js";var PollTimeoutError=class extends UserError{constructor(what,elapsedMs,evidence,fix){super(`timed out after ${Math.round(elapsedMs/1e3)} s waiting for ${what}${evidence?`: ${evidence}`:""}`,fix===void 0?{}:{fix});this.what=what;this.elapsedMs=elapsedMs;this.evidence=evidence}what;elapsedMs;evidence};async function pollUntil(check,options){let started=options.now();for(;;){let result=await check();if(result.done)return result.value;let elapsed=options.now()-started;if(elapsed>=options.timeoutMs)throw new PollTimeoutError(options.what,elapsed,result.evidence,options.fix);options.onProgress?.(elapsed,result.evidence),await options.sleep(Math.max(0,Math.min(options.intervalMs,options.timeoutMs-elapsed)))}}export{PollTimeoutError,pollUntil};
