import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import{clusterOutputs,clusterPorts,clusterTuning,clusterUp,inputsSchema}from"./chunk-5DOBJMBZ.js";import"./chunk-D6OBEFFP.js";import"./chunk-VRUZVK3F.js";import"./chunk-YTK67W7D.js";import"./chunk-AVYIUIFQ.js";import"./chunk-M6EOJR2Q.js";import"./chunk-IHW4VC6D.js";import"./chunk-ETM7FWXP.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-7UA6PH6Z.js";import{parseOrThrow}from"./chunk-GCD7RROV.js";import"./chunk-W3PR4C4L.js";import"./chunk-VFS6SUSZ.js";import"./chunk-U7ZLOSOD.js";import"./chunk-5DL6IPCE.js";import"./chunk-TKI4YXFS.js";import"./chunk-STGZMQ2W.js";import"./chunk-5LEI423M.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";import{readFile}from"node:fs/promises";import{tmpdir}from"node:os";import{resolve}from"node:path";var HELP=`Usage: talos-fleet cluster up [<plan.json>] [options]

Provisions the plan's Cluster API clusters on GCP through a management cluster, in parallel:
makes or reuses the management cluster, installs the providers the plan pins (clusterctl init),
server-side applies every cluster's manifests and watches each cluster until its control plane
is initialised, its kubeconfig and talosconfig exist and every machine has an address. Writes
<out-dir>/<cluster>.kubeconfig and <cluster>.talosconfig (mode 0600) and prints the outputs as
JSON on stdout. The same flow as the cluster action; its inputs are these options.

Options:
  <plan.json>                      default .talos-fleet/plan/plan.json
  --clusters <a,b>                 only these clusters of the plan
  --management kind|kubeconfig     kind (default): an ephemeral kind cluster talos-fleet-<fleet>
  --management-kubeconfig <path>   the management cluster's kubeconfig file, for kubeconfig
  --gcp-credentials <path>         Google credentials for CAPG (default $GOOGLE_APPLICATION_CREDENTIALS)
  --timeout <d>                    default 30m
  --out-dir <dir>                  default .talos-fleet/clusters
  --status-file <path>             default .talos-fleet/status.json

kind, clusterctl and talosctl are taken from PATH ('talos-fleet tools' pins them).
`,clusterCommand={help:HELP,async run(args,io){let[sub,...rest]=args;if(sub!=="up")throw new UserError(sub===void 0?"talos-fleet cluster needs a subcommand":`unknown subcommand 'cluster ${sub}'`,{fix:"run 'talos-fleet cluster up <plan.json>'"});let names=["clusters","management","management-kubeconfig","gcp-credentials","timeout","out-dir","status-file"],{values,positionals}=parseCommandArgs("cluster",rest,Object.fromEntries(names.map(n=>[n,{type:"string"}])));if(positionals.length>1)throw new UserError(`unexpected argument '${positionals.slice(1).join(" ")}'`,{fix:"run 'talos-fleet cluster --help'"});let raw={plan:positionals[0]};for(let n of names){let v=values[n];raw[n]=typeof v=="string"&&v!==""?v:void 0}let kubeconfigPath=raw["management-kubeconfig"];if(kubeconfigPath!==void 0)try{raw["management-kubeconfig"]=await readFile(resolve(io.cwd,kubeconfigPath),"utf8")}catch(error){throw new UserError(`cannot read --management-kubeconfig ${kubeconfigPath}: ${error.code??String(error)}`,{fix:"give the path of the management cluster kubeconfig file"})}let inputs=parseOrThrow(inputsSchema,raw,{where:path=>path==="plan"?"<plan.json>":`--${path}`,plural:"options",fix:"run 'talos-fleet cluster --help'"}),log=consoleLog(io.stderr),tempDir=io.env.RUNNER_TEMP??io.env.TMPDIR??tmpdir(),result=await clusterUp({plan:inputs.plan,clusters:inputs.clusters,management:inputs.management,managementKubeconfig:inputs["management-kubeconfig"],gcpCredentials:inputs["gcp-credentials"]??(io.env.GOOGLE_APPLICATION_CREDENTIALS===""?void 0:io.env.GOOGLE_APPLICATION_CREDENTIALS),timeoutMs:inputs.timeout,outDir:inputs["out-dir"],cwd:io.cwd,tempDir,progressIntervalMs:clusterTuning(io.env).progressIntervalMs},clusterPorts({env:io.env,cwd:io.cwd,tempDir,statusFile:inputs["status-file"],log,mask:()=>{},artifacts:!1}));return io.stdout.write(`${JSON.stringify(clusterOutputs(result),null,2)}
`),0}};export{clusterCommand};
