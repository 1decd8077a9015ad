import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
function formatIssues(issues,where){return issues.map(issue=>{let path=issue.path.map((p,i)=>typeof p=="number"?`[${p}]`:i===0?String(p):`.${String(p)}`).join("");return path?`${where(path)}: ${issue.message}`:issue.message})}export{formatIssues};
