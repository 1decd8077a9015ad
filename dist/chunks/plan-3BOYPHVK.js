import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{parseCommandArgs}from"./chunk-XQNZF77D.js";import{textSummary}from"./chunk-SI2454NQ.js";import{staleFiles}from"./chunk-6CC6GDK7.js";import{writePlanStatus}from"./chunk-MHBWQNQD.js";import"./chunk-Q6GC3I4D.js";import"./chunk-3ZHTQXNM.js";import{runContextFromEnv}from"./chunk-ABNBXKV5.js";import{planFleet,previousExpiry}from"./chunk-W6Q3GHKX.js";import"./chunk-IHW4VC6D.js";import"./chunk-72MJ5M6L.js";import{IMAGE_REF_PATTERN}from"./chunk-OALA3ZRQ.js";import"./chunk-TIFTDTVB.js";import"./chunk-LZJRJJNE.js";import{formatSpecError}from"./chunk-G57VVX3L.js";import{parseNow}from"./chunk-FDRSOSB6.js";import{UserError}from"./chunk-M3X3RQFK.js";import{splitList}from"./chunk-XFCTZTCG.js";import"./chunk-KEA3OJKO.js";import"./chunk-VQ66TPXY.js";import{mkdir,readFile,rm,rmdir,writeFile}from"node:fs/promises";import{dirname,join,resolve}from"node:path";var HELP=`Usage: talos-fleet plan <spec.yaml> [--out <dir>] [--format text|json] [options]

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

An invalid spec prints every error and exits 1 without writing anything.`,planCommand={help:HELP,async run(args,io){let{values,positionals}=parseCommandArgs("plan",args,{out:{type:"string",default:".talos-fleet/plan"},format:{type:"string",default:"text"},image:{type:"string"},"used-ranges":{type:"string"},now:{type:"string"},"status-file":{type:"string"}}),problems=[],[specPath,...extra]=positionals;specPath===void 0&&problems.push("the spec file is missing: talos-fleet plan <spec.yaml>"),extra.length&&problems.push(`unexpected arguments: ${extra.join(" ")}`);let format=values.format;format!=="text"&&format!=="json"&&problems.push(`--format must be text or json, got '${format}'`),values.image!==void 0&&!IMAGE_REF_PATTERN.test(values.image)&&problems.push(`--image '${values.image}' is not a GCE image name, family/<name>, or projects/<p>/global/images/<name>`),values["status-file"]===""&&problems.push("--status-file needs a path, e.g. .talos-fleet/status.json");let nowText=values.now??io.env.TALOS_FLEET_NOW,now=nowText===void 0?Math.floor(Date.now()/1e3):parseNow(nowText);if(now===void 0&&problems.push(`${values.now===void 0?"TALOS_FLEET_NOW":"--now"} '${nowText??""}' is not unix seconds or an ISO 8601 time`),problems.length||specPath===void 0||now===void 0)throw new UserError(problems.length===1?problems[0]??"":"invalid arguments:",{details:problems.length===1?[]:problems,fix:"run 'talos-fleet plan --help'"});let file=resolve(io.cwd,specPath),text;try{text=await readFile(file,"utf8")}catch(error){throw new UserError(`cannot read the fleet spec ${specPath}: ${error.code??String(error)}`,{fix:"pass the path of a fleet spec, e.g. examples/fleets/two-region-mesh.yaml"})}let outDir=resolve(io.cwd,values.out),previousPlan=await readFile(join(outDir,"plan.json"),"utf8").catch(()=>{}),previous=nowText===void 0?previousExpiry(previousPlan):void 0,result=planFleet(text,{now,...previous===void 0?{}:{previous},...values.image===void 0?{}:{image:values.image},...values["used-ranges"]===void 0?{}:{usedRanges:splitList(values["used-ranges"])}});if(!result.ok){let n=result.errors.length;throw new UserError(`${specPath} has ${n} error${n===1?"":"s"}; nothing was written:`,{details:result.errors.map(formatSpecError),fix:"correct the spec (docs/fleet-spec.md documents every key) and run plan again"})}for(let stale of staleFiles(previousPlan,result.files))await rm(join(outDir,stale),{force:!0}),await rmdir(dirname(join(outDir,stale))).catch(()=>{});for(let f of result.files){let target=join(outDir,f.path);await mkdir(dirname(target),{recursive:!0}),await writeFile(target,f.content)}let statusFile=values["status-file"];if(statusFile!==void 0&&await writePlanStatus(resolve(io.cwd,statusFile),result.plan,{now:new Date(now*1e3),context:await runContextFromEnv(io.env),warn:message=>io.stderr.write(`warning: ${message}
`),info:message=>io.stderr.write(`${message}
`)}),result.plan.fleet.expiresAt===previous?.expiresAt&&io.stderr.write(`Keeping expires-at ${result.plan.fleet.expiresAtIso} from the previous plan (same fleet and ttl); pass --now to count the ttl from another time
`),format==="json"){io.stdout.write(result.files[0]?.content??"");for(let w of result.plan.warnings)io.stderr.write(`warning: ${w}
`)}else io.stdout.write(textSummary(result.plan,values.out)),statusFile!==void 0&&io.stdout.write(`Status (planned) written to ${statusFile}
`);return 0}};export{planCommand};
