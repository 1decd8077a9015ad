import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{escapeHtml}from"./chunk-NY5FZHK7.js";import{summary}from"./chunk-DGM6ZIZX.js";async function writeJobSummary(content){if(!process.env.GITHUB_STEP_SUMMARY)return;let summary2=summary.addHeading(escapeHtml(content.title),3);for(let line of content.lines??[])summary2.addRaw(`<p>${escapeHtml(line)}</p>`,!0);content.table&&summary2.addTable([content.table.headers.map(h=>({data:escapeHtml(h),header:!0})),...content.table.rows.map(row=>row.map(cell=>escapeHtml(String(cell))))]),content.markdown&&summary2.addRaw(content.markdown,!0),await summary2.write()}export{writeJobSummary};
