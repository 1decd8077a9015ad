import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
function formatSpecError(error){let where=error.line===void 0?"":` (line ${error.line})`;if(!error.path)return`${error.message}${where}`;let sentence=/^([0-9'"]|overlaps|duplicates|is |must |needs |makes )/.test(error.message);return`${error.path}${sentence?" ":": "}${error.message}${where}`}export{formatSpecError};
