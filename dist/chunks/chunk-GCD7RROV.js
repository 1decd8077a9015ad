import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{UserError}from"./chunk-WGSHXEME.js";function formatPath(segments){return segments.map((p,i)=>typeof p=="number"?`[${p}]`:i===0?String(p):`.${String(p)}`).join("")}function formatIssues(issues,where){return issues.map(issue=>{let path=formatPath(issue.path);return path?`${where(path)}: ${issue.message}`:issue.message})}function parseOrThrow(schema,raw,options){let result=schema.safeParse(raw);if(result.success)return result.data;let issues=formatIssues(result.error.issues,options.where),[only]=issues;throw new UserError(issues.length===1&&only?only:`${issues.length} ${options.plural} are invalid:`,{details:issues.length===1?[]:issues,...options.fix?{fix:options.fix}:{},...options.title?{title:options.title}:{}})}export{formatPath,formatIssues,parseOrThrow};
