import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{renderStatus}from"./chunk-T42TMC2D.js";import{parseCommandArgs}from"./chunk-SLU74J4G.js";import"./chunk-NY5FZHK7.js";import{loadStatusFile,runLinksFromEnv}from"./chunk-YON73UCD.js";import"./chunk-CR6NGCWC.js";import{UserError}from"./chunk-NXYP2DG4.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";import{resolve}from"node:path";var help=`Usage: talos-fleet status <status.json> [--format markdown|json]

Validates a fleet status document and prints it: as the markdown the pr-status action posts
(default), or as normalised JSON. Fields holding kubeconfigs, talosconfigs, tokens or keys are
dropped, and secret-looking text is redacted, before anything is printed.

Options:
  --format markdown|json   Output format (default: markdown).
  -h, --help               Show this help.

The document format is described in docs/status.md and schemas/status.schema.json.
`,statusCommand={help,async run(args,io){let{values,positionals}=parseCommandArgs("status",args,{format:{type:"string",default:"markdown"}}),format=values.format;if(format!=="markdown"&&format!=="json")throw new UserError(`--format must be 'markdown' or 'json', got '${format}'`,{fix:"run 'talos-fleet status --help'"});let[file,...extra]=positionals;if(file===void 0||extra.length>0)throw new UserError("talos-fleet status takes exactly one status document",{fix:"run `talos-fleet status .talos-fleet/status.json`"});let{document,removedSecrets}=await loadStatusFile(resolve(io.cwd,file),file);return removedSecrets.length>0&&io.stderr.write(`talos-fleet status: removed ${removedSecrets.length} secret field(s): ${removedSecrets.join(", ")}
`),io.stdout.write(format==="json"?`${JSON.stringify(document,null,2)}
`:renderStatus(document,runLinksFromEnv(io.env)).markdown),0}};export{statusCommand};
