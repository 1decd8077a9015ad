import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
var UNIT_SECONDS={d:86400,h:3600,m:60,s:1};function parseDurationSeconds(text){if(!/^(\d+[dhms])+$/.test(text))return;let total=0;for(let[,amount,unit]of text.matchAll(/(\d+)([dhms])/g))total+=Number(amount)*(UNIT_SECONDS[unit??"s"]??1);return total>0?total:void 0}export{parseDurationSeconds};
