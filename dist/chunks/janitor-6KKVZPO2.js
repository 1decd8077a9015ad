import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import{parseOrThrow}from"./chunk-GCD7RROV.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";var help=`Usage: talos-fleet janitor --project <id> [--delete] [--fleet <glob>] [--grace <duration>]
                           [--state-bucket <bucket>] [--format text|json]

Finds every talos-fleet fleet in a GCP project from the cloud alone (labels, description markers
and the names CAPG derives) and deletes those whose expires-at, plus the grace, has passed, in
dependency order. Without --delete it is a dry run: it lists and decides exactly as a real run and
deletes nothing. Nothing without the fleet's marker, and nothing of a fleet that has not expired,
is ever touched. Credentials: GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials.

Options:
  --project <id>          GCP project to sweep.
  --delete                Delete (default: dry run).
  --fleet <glob>          Only fleets matching the glob, e.g. 'pr-*'.
  --grace <duration>      Extra time past expires-at: 0 (default), 30m, 6h, 1d.
  --state-bucket <b>      Also sweep the fleets' objects in gs://<b>/talos-fleet/.
  --format text|json      Output: a table (default) or the JSON report.
  -h, --help              Show this help.
`,janitorCommand={help,async run(args,io){let{values,positionals}=parseCommandArgs("janitor",args,{project:{type:"string"},delete:{type:"boolean",default:!1},fleet:{type:"string"},grace:{type:"string"},"state-bucket":{type:"string"},format:{type:"string",default:"text"}});if(positionals.length>0)throw new UserError(`unexpected argument '${positionals[0]??""}'`,{fix:"run 'talos-fleet janitor --help'"});if(values.format!=="text"&&values.format!=="json")throw new UserError(`--format must be 'text' or 'json', got '${values.format}'`,{fix:"run 'talos-fleet janitor --help'"});let[{inputsSchema},{runJanitor},ports,summary,{textTable}]=await Promise.all([import("./inputs-F3LWVZ22.js"),import("./janitor-UNIFVF3K.js"),import("./janitor-ports-WF7TYQQH.js"),import("./summary-4DMNDXMN.js"),import("./text-table-ZLSVFXJE.js")]),options=parseOrThrow(inputsSchema,{project:values.project,"dry-run":String(!values.delete),fleet:values.fleet,grace:values.grace,"state-bucket":values["state-bucket"]},{where:path=>`--${path}`,plural:"options",title:"Invalid option"}),log=consoleLog(io.stderr),token=io.env.GOOGLE_OAUTH_ACCESS_TOKEN,result=await runJanitor({project:options.project,dryRun:options["dry-run"],...options.fleet?{matches:options.fleet.matches}:{},graceSeconds:options.grace,now:Math.floor(Date.now()/1e3),...ports.janitorPacing(io.env)},await ports.janitorPorts({project:options.project,accessToken:token===""?void 0:token,stateBucket:options["state-bucket"],env:io.env,mask:()=>{},log}),log);values.format==="json"?io.stdout.write(`${JSON.stringify(result,null,2)}
`):io.stdout.write(`${summary.headline(result)}
${textTable({headers:summary.OVERVIEW_HEADERS,rows:summary.overviewRows(result)})}
`);let error=summary.outcomeError(result);if(error)throw error;return 0}};export{janitorCommand};
