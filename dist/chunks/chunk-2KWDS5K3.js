import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
async function mapLimit(items,limit,fn){let results=new Array(items.length),next=0,worker=async()=>{for(;next<items.length;){let i=next++;results[i]=await fn(items[i]).then(value=>({status:"fulfilled",value}),reason=>({status:"rejected",reason}))}};return await Promise.all(Array.from({length:Math.max(1,Math.min(limit,items.length))},worker)),results}export{mapLimit};
