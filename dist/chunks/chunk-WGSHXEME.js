import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
var UserError=class _UserError extends Error{name="UserError";fix;details;title;annotations;constructor(message,options={}){super(message,options.cause===void 0?void 0:{cause:options.cause}),this.fix=options.fix,this.details=options.details??[],this.title=options.title,this.annotations=options.annotations??[]}static combine(errors,heading,title){let[first]=errors;return!first||errors.length===1?first:new _UserError(heading,{details:errors.map(e=>e.describe().replace(/\n\s*/g," ")),title:errors.every(e=>e.title===first.title)?first.title:title})}describe(){let lines=[this.message,...this.details.map(d=>`  - ${d}`)];return this.fix&&lines.push(`Fix: ${this.fix}`),lines.join(`
`)}};function isUserError(error){return error instanceof UserError}export{UserError,isUserError};
