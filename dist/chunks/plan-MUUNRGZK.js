import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import{parseNow}from"./chunk-FDRSOSB6.js";import"./chunk-Y5J2FNCR.js";import{textSummary}from"./chunk-ITBPF4XE.js";import{planToDirectory}from"./chunk-3Q3VODO4.js";import"./chunk-5FUK47CY.js";import"./chunk-7ZDXOAFJ.js";import"./chunk-IJPZ56DB.js";import"./chunk-VRUZVK3F.js";import"./chunk-YTK67W7D.js";import{IMAGE_REF_PATTERN}from"./chunk-AVYIUIFQ.js";import"./chunk-M6EOJR2Q.js";import"./chunk-IHW4VC6D.js";import"./chunk-ETM7FWXP.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-GCD7RROV.js";import{splitList}from"./chunk-W3PR4C4L.js";import"./chunk-VFS6SUSZ.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";var HELP=`Usage: talos-fleet plan <spec.yaml> [--out <dir>] [--format text|json] [options]

Renders every artifact for a fleet spec, offline:
  <dir>/plan.json                  the whole plan (clusters, network, versions, image)
  <dir>/<cluster>/cluster.yaml     Cluster API objects, multi-document
  <dir>/<cluster>/cilium-values.yaml
  <dir>/network.json               GCP network, subnets, routers and firewalls (Compute API shapes)

Options:
  --out <dir>          Where to write (default .talos-fleet/plan)
  --format text|json   text: summary tables (default); json: print plan.json to stdout
  --image <ref>        GCE image for every machine, e.g. the image action's image-name output
                       (a name, family/<name>, or projects/<p>/global/images/<name>)
  --used-ranges <list> CIDRs already used in a shared network, comma-separated; allocated around
  --now <time>         Planning time (unix seconds or ISO 8601) for the expires-at label;
                       default: TALOS_FLEET_NOW, else the clock. Fix it for reproducible output.
                       Without either, re-planning the same fleet with the same ttl into the same
                       --out keeps the previous plan's expiry (until it passes), so existing
                       clusters' machine templates do not change.
  --status-file <path> Also start the fleet status document there (stage planned), e.g.
                       .talos-fleet/status.json, for pr-status and 'talos-fleet status'

An invalid spec prints every error and exits 1 without writing anything.`,planCommand={help:HELP,async run(args,io){let{values,positionals}=parseCommandArgs("plan",args,{out:{type:"string",default:".talos-fleet/plan"},format:{type:"string",default:"text"},image:{type:"string"},"used-ranges":{type:"string"},now:{type:"string"},"status-file":{type:"string"}}),problems=[],[specPath,...extra]=positionals;specPath===void 0&&problems.push("the spec file is missing: talos-fleet plan <spec.yaml>"),extra.length&&problems.push(`unexpected arguments: ${extra.join(" ")}`);let format=values.format;format!=="text"&&format!=="json"&&problems.push(`--format must be text or json, got '${format}'`),values.image!==void 0&&!IMAGE_REF_PATTERN.test(values.image)&&problems.push(`--image '${values.image}' is not a GCE image name, family/<name>, or projects/<p>/global/images/<name>`),values["status-file"]===""&&problems.push("--status-file needs a path, e.g. .talos-fleet/status.json");let nowText=values.now??io.env.TALOS_FLEET_NOW,now=nowText===void 0?Math.floor(Date.now()/1e3):parseNow(nowText);if(now===void 0&&problems.push(`${values.now===void 0?"TALOS_FLEET_NOW":"--now"} '${nowText??""}' is not unix seconds or an ISO 8601 time`),problems.length||specPath===void 0||now===void 0)throw new UserError(problems.length===1?problems[0]??"":"invalid arguments:",{details:problems.length===1?[]:problems,fix:"run 'talos-fleet plan --help'"});let statusFile=values["status-file"],{plan,files}=await planToDirectory({cwd:io.cwd,spec:specPath,specUnreadable:{fix:"pass the path of a fleet spec, e.g. examples/fleets/two-region-mesh.yaml"},out:values.out,names:{out:"--out",statusFile:"--status-file"},now,nowExplicit:nowText!==void 0,renewHint:"pass --now to count the ttl from another time",image:values.image,usedRanges:values["used-ranges"]===void 0?void 0:splitList(values["used-ranges"]),statusFile,env:io.env,log:consoleLog(io.stderr,{groupHeadings:!1})});if(format==="json"){io.stdout.write(files[0]?.content??"");for(let w of plan.warnings)io.stderr.write(`warning: ${w}
`)}else io.stdout.write(textSummary(plan,values.out)),statusFile!==void 0&&io.stdout.write(`Status (planned) written to ${statusFile}
`);return 0}};export{planCommand};
