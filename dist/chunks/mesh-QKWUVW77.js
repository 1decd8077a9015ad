import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import{INPUT_NAMES,inputsSchema,meshOutputs,meshSummaryRows,runMeshFlow}from"./chunk-TZBXX7LG.js";import"./chunk-ES5JBLKH.js";import"./chunk-AUCWGZ5F.js";import{textTable}from"./chunk-IJPZ56DB.js";import"./chunk-6KGM22LX.js";import"./chunk-D6OBEFFP.js";import"./chunk-VRUZVK3F.js";import"./chunk-YTK67W7D.js";import"./chunk-AVYIUIFQ.js";import"./chunk-M6EOJR2Q.js";import"./chunk-IHW4VC6D.js";import"./chunk-ETM7FWXP.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-7UA6PH6Z.js";import{parseOrThrow}from"./chunk-GCD7RROV.js";import"./chunk-VFS6SUSZ.js";import"./chunk-STGZMQ2W.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";import{tmpdir}from"node:os";var HELP=`Usage: talos-fleet mesh up <plan.json> --management-kubeconfig <file> [options]

Installs Cilium (helm upgrade --install, from PATH) on every cluster of the plan, joins them with
ClusterMesh under one fleet CA, waits for Cilium, ClusterMesh, Ready nodes and the cloud
controller manager, then verifies every pair. Prints the outputs (matrix, ready) as JSON on
stdout; exits 1 when the mesh is not ready.

Options (the mesh action's inputs):
  --management-kubeconfig <f>  the management cluster's kubeconfig (required)
  --kubeconfig-dir <dir>       folder of <cluster>.kubeconfig files (default .talos-fleet/clusters)
  --verify <mode>              global-service (default), connectivity or none
  --timeout <d>                e.g. 15m (default)
  --status-file <f>            default .talos-fleet/status.json (skipped when absent)
  --state-bucket <b>           keep the fleet CA in gs://<b>; default a Secret in the first cluster
  --cilium-chart <path>        a local Cilium chart folder or .tgz

Environment: GOOGLE_OAUTH_ACCESS_TOKEN (state bucket), TALOS_FLEET_GCS_ENDPOINT.
`,meshCommand={help:HELP,async run(args,io){let flags=INPUT_NAMES.filter(n=>n!=="plan"),{values,positionals}=parseCommandArgs("mesh",args,Object.fromEntries(flags.map(n=>[n,{type:"string"}]))),[sub,plan,...extra]=positionals;if(sub!=="up"||extra.length>0)throw new UserError(sub==="up"?`unexpected argument '${extra.join(" ")}'`:"the mesh command takes 'up <plan.json>'",{fix:"run 'talos-fleet mesh --help'"});let raw={plan};for(let n of flags){let v=values[n];raw[n]=typeof v=="string"&&v!==""?v:void 0}let inputs=parseOrThrow(inputsSchema,raw,{where:path=>path==="plan"?"<plan.json>":`--${path}`,plural:"options",fix:"run 'talos-fleet mesh --help'"}),log=consoleLog(io.stderr),{result}=await runMeshFlow({inputs,cwd:io.cwd,env:io.env,tempDir:io.env.TMPDIR??tmpdir(),log,mask:()=>{}}),table=meshSummaryRows(result);return log.info(textTable(table)),io.stdout.write(`${JSON.stringify(meshOutputs(result),null,2)}
`),result.ready?0:1}};export{meshCommand};
