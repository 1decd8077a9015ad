import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{UserError}from"./chunk-WGSHXEME.js";function mirrorUrl(original,mirror){if(!mirror)return original;let u=new URL(original);return`${mirror.replace(/\/+$/,"")}/${u.host}${u.pathname}${u.search}`}function parseMirrorUrl(text){if(text===void 0||text.trim()==="")return;let u;try{u=new URL(text.trim())}catch{throw new UserError(`input 'mirror-url': '${text}' is not a URL.`,{fix:"give the mirror base, e.g. https://artifactory.example/tools (requests go to <mirror-url>/<host>/<path>)",title:"Invalid input"})}if(u.protocol!=="https:"&&u.protocol!=="http:"||u.search||u.hash||u.username||u.password)throw new UserError(`input 'mirror-url': '${u.protocol}//${u.host}${u.pathname}' must be an http(s) URL with no query, fragment or credentials.`,{fix:"give the mirror base only; put credentials in the runner proxy settings, not in the URL",title:"Invalid input"});return`${u.origin}${u.pathname}`.replace(/\/+$/,"")}export{mirrorUrl,parseMirrorUrl};
