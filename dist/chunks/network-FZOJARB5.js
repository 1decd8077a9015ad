import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import{inputsSchema,outcomeError,outputsOf,runNetworkFlow}from"./chunk-F53EK34S.js";import"./chunk-IAS36GCE.js";import"./chunk-7ZDXOAFJ.js";import"./chunk-DH2GS6U6.js";import"./chunk-ES5JBLKH.js";import"./chunk-IJPZ56DB.js";import"./chunk-6KGM22LX.js";import"./chunk-OEBIIT6M.js";import"./chunk-D6OBEFFP.js";import"./chunk-YTK67W7D.js";import"./chunk-AVYIUIFQ.js";import"./chunk-M6EOJR2Q.js";import"./chunk-IHW4VC6D.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-7UA6PH6Z.js";import{parseOrThrow}from"./chunk-GCD7RROV.js";import"./chunk-VFS6SUSZ.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";var HELP=`Usage: talos-fleet network up|diff|down [<plan.json>] [options]

Makes the GCP network match the plan (the network action over the same code):
  up     create what is missing, repair what drifted (firewall ports, ranges, tags, priority,
         disabled; NAT settings), delete this fleet's objects the plan no longer holds
  diff   print what up would change; writes nothing
  down   delete this fleet's subnets, routers, firewalls, health checks and (unless shared) network

Only objects named <fleet>--... whose description carries the plan's talos-fleet marker are
touched. Prints the outputs (network, changes) as JSON on stdout; the log and the table of
every object go to stderr.

Arguments and options (the action's inputs):
  <plan.json>            default .talos-fleet/plan/plan.json
  --access-token <t>     else GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials
  --status-file <path>   status document to update (default .talos-fleet/status.json)

Environment: TALOS_FLEET_COMPUTE_ENDPOINT overrides the Compute endpoint.
`,networkCommand={help:HELP,async run(args,io){let{values,positionals}=parseCommandArgs("network",args,{"access-token":{type:"string"},"status-file":{type:"string"}}),[mode,plan,...extra]=positionals;if(mode===void 0||extra.length>0)throw new UserError("talos-fleet network takes a mode (up, diff or down) and at most one plan.json",{fix:"run `talos-fleet network up .talos-fleet/plan/plan.json`"});let blank=v=>v===""?void 0:v,inputs=parseOrThrow(inputsSchema,{mode,plan:blank(plan),"access-token":blank(values["access-token"]),"status-file":blank(values["status-file"])},{where:path=>path==="mode"?"mode":path==="plan"?"<plan.json>":`--${path}`,plural:"arguments",fix:"run 'talos-fleet network --help'"}),log=consoleLog(io.stderr),token=inputs["access-token"]??blank(io.env.GOOGLE_OAUTH_ACCESS_TOKEN),{result}=await runNetworkFlow({mode:inputs.mode,planPath:inputs.plan,statusFile:inputs["status-file"],cwd:io.cwd,accessToken:token,env:io.env,log,mask:()=>{}});io.stdout.write(`${JSON.stringify(outputsOf(result),null,2)}
`);let error=outcomeError(result);if(error)throw error;return 0}};export{networkCommand};
