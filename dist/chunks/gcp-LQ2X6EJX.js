import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{imageBucketName}from"./chunk-4Y376Z36.js";import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import"./chunk-3OGW5TLL.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-QFKOXMJR.js";import{randomBytes}from"node:crypto";var help=`Usage: talos-fleet gcp bootstrap --project <id> --repo <owner/name> [--apply]

Prepares a GCP project for talos-fleet, with least privilege instead of roles/owner: enables the
APIs, creates the state bucket (a random suffix makes the name globally unique) and the image
bucket with uniform access, a deployer service account with the roles docs/iam.md lists, a node
service account with no roles, and a Workload Identity pool and provider that only workflows of
the given repository can use. Without --apply it prints the gcloud commands as a script; with
--apply it runs them through the gcloud on PATH, skipping what already exists, and prints the
repository variables to set. Run it as a project owner, once.

Options:
  --project <id>          GCP project ID.
  --repo <owner/name>     Repository whose workflows may deploy (Workload Identity).
  --state-bucket <name>   State bucket name (default: <project>-talos-fleet-<random>; with
                          --apply, an existing bootstrap's state bucket is reused).
  --bucket-location <l>   Location of the buckets (default: US).
  --apply                 Run the commands instead of printing them.
  -h, --help              Show this help.
`,gcpCommand={help,async run(args,io){let[sub,...rest]=args;if(sub!=="bootstrap")throw new UserError(`unknown gcp command '${sub??""}'`,{fix:"run 'talos-fleet gcp bootstrap --help'"});let{values,positionals}=parseCommandArgs("gcp bootstrap",rest,{project:{type:"string"},repo:{type:"string"},"state-bucket":{type:"string"},"bucket-location":{type:"string",default:"US"},apply:{type:"boolean",default:!1}});if(positionals.length>0)throw new UserError(`unexpected argument '${positionals[0]??""}'`,{fix:"run 'talos-fleet gcp bootstrap --help'"});if(!values.project||!values.repo)throw new UserError("talos-fleet gcp bootstrap needs --project and --repo",{fix:"run e.g. `talos-fleet gcp bootstrap --project my-project --repo acme/platform-ci`"});let[{gcpBootstrapFlow},{pathCommandRunner}]=await Promise.all([import("./gcp-bootstrap-FWNWQOJ4.js"),import("./command-runner-RNHTCTXB.js")]),given=values["state-bucket"],stateBucket=given??`${imageBucketName(values.project).replace(/-talos-images$/,"")}-talos-fleet-${randomBytes(3).toString("hex")}`,result=await gcpBootstrapFlow({project:values.project,repo:values.repo,stateBucket,stateBucketGiven:given!==void 0,bucketLocation:values["bucket-location"],apply:values.apply},{gcloud:pathCommandRunner(io.env)},consoleLog(io.stderr));if(!values.apply)return io.stdout.write(result.script),io.stderr.write(`Printed only; run it, or pass --apply to run it through gcloud.
`),0;io.stdout.write(`Set these repository variables (Settings \u2192 Secrets and variables \u2192 Actions \u2192 Variables):
`);for(let[k,v]of Object.entries(result.variables))io.stdout.write(`  ${k}=${v}
`);return 0}};export{gcpCommand};
