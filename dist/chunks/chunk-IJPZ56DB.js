import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
function textTable(table){let widths=table.headers.map((h,i)=>Math.max(h.length,...table.rows.map(r=>(r[i]??"").length))),line=cells=>cells.map((c,i)=>c.padEnd(widths[i]??0)).join("  ").trimEnd();return[line(table.headers),line(widths.map(w=>"-".repeat(w))),...table.rows.map(line)].join(`
`)}export{textTable};
