import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
function parseNow(text){let trimmed=text.trim();if(/^\d+$/.test(trimmed))return Number(trimmed);if(!/^\d{4}-\d{2}-\d{2}T/.test(trimmed))return;let ms=Date.parse(trimmed);return Number.isNaN(ms)?void 0:Math.floor(ms/1e3)}export{parseNow};
