import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import{renderStatus}from"./chunk-GA4DLEJM.js";import{runLinksFromEnv}from"./chunk-5FUK47CY.js";import{describeRemoved,loadStatusFiles,writeStatusFile}from"./chunk-YTK67W7D.js";import"./chunk-AVYIUIFQ.js";import"./chunk-M6EOJR2Q.js";import"./chunk-IHW4VC6D.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-GCD7RROV.js";import"./chunk-NY5FZHK7.js";import"./chunk-VFS6SUSZ.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";import{resolve}from"node:path";var help=`Usage: talos-fleet status <status.json> [--format markdown|json]
       talos-fleet status merge <status.json>... [--out <merged.json>] [--format markdown|json]

Validates a fleet status document and prints it: as the markdown the pr-status action posts
(default), or as normalised JSON. Fields holding kubeconfigs, talosconfigs, tokens or keys are
dropped, and secret-looking text is redacted, before anything is printed.

'merge' combines the documents that the jobs of a matrix wrote for one fleet into one report
(each cluster from the job that observed it last; docs/status.md, "Matrix jobs"), prints it and,
with --out, writes it.

Options:
  --format markdown|json   Output format (default: markdown).
  --out <file>             (merge) Also write the merged document to this file.
  -h, --help               Show this help.

The document format is described in docs/status.md and schemas/status.schema.json.
`,statusCommand={help,async run(args,io){let{values,positionals}=parseCommandArgs("status",args,{format:{type:"string",default:"markdown"},out:{type:"string"}}),format=values.format;if(format!=="markdown"&&format!=="json")throw new UserError(`--format must be 'markdown' or 'json', got '${format}'`,{fix:"run 'talos-fleet status --help'"});let merging=positionals[0]==="merge",files=merging?positionals.slice(1):positionals;if(merging?files.length===0:files.length!==1)throw new UserError(merging?"talos-fleet status merge needs at least one status document":"talos-fleet status takes exactly one status document",{fix:merging?"run `talos-fleet status merge eu/status.json us/status.json --out status.json`":"run `talos-fleet status .talos-fleet/status.json` (or `talos-fleet status merge <files>...` for several)"});if(values.out!==void 0&&!merging)throw new UserError("--out is only for `talos-fleet status merge`",{fix:"run `talos-fleet status merge <files>... --out merged.json`"});let{document,removedSecrets,notes}=await loadStatusFiles(files.map(file=>({path:resolve(io.cwd,file),source:file})));for(let note of notes)io.stderr.write(`talos-fleet status: ${note}
`);return values.out!==void 0&&await writeStatusFile(resolve(io.cwd,values.out),document),removedSecrets.length>0&&io.stderr.write(`talos-fleet status: removed ${removedSecrets.length} secret field(s): ${describeRemoved(removedSecrets)}
`),io.stdout.write(format==="json"?`${JSON.stringify(document,null,2)}
`:renderStatus(document,runLinksFromEnv(io.env)).markdown),0}};export{statusCommand};
