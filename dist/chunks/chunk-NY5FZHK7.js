import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
var HTML_ENTITIES={"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"};function escapeHtml(text){return text.replace(/[&<>"']/g,c=>HTML_ENTITIES[c]??c)}var CONTROL=/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;function escapeMarkdownInline(text){return escapeHtml(text.replace(CONTROL,"").replace(/([@#])/g,"$1\u200D")).replace(/\r?\n|\r/g," ").replace(/[\\`*_{}[\]()!|~]/g,c=>`\\${c}`).replace(/:(?=\/\/)/g,":\u200D").replace(/(www)(?=\.)/gi,"$1\u200D")}function codeBlock(text,info="text"){let clean=text.replace(/\r\n?/g,`
`).replace(CONTROL,""),longest=Math.max(0,...[...clean.matchAll(/`+/g)].map(m=>m[0].length)),fence="`".repeat(Math.max(3,longest+1));return`${fence}${info}
${clean}${clean.endsWith(`
`)?"":`
`}${fence}`}function markdownLinkTarget(url){let parsed;try{parsed=new URL(url)}catch{return}if(!(parsed.protocol!=="https:"&&parsed.protocol!=="http:"))return parsed.href.replace(/[()<>\s"'`]/g,c=>`%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2,"0")}`)}export{escapeHtml,escapeMarkdownInline,codeBlock,markdownLinkTarget};
