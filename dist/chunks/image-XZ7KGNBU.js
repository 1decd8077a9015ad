import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-SLU74J4G.js";import{IMAGE_INPUT_NAMES,imageInputSchema,imageOutputs,runImageFlow,summaryRows}from"./chunk-DTH6AKX4.js";import"./chunk-XEZM4SIP.js";import"./chunk-RQ2EY2MQ.js";import"./chunk-6KGM22LX.js";import"./chunk-3OGW5TLL.js";import"./chunk-72MJ5M6L.js";import"./chunk-OPBECUZW.js";import"./chunk-XFCTZTCG.js";import"./chunk-KEA3OJKO.js";import{parseOrThrow}from"./chunk-CR6NGCWC.js";import"./chunk-632DWWU4.js";import"./chunk-TVECCVKN.js";import{UserError}from"./chunk-NXYP2DG4.js";import"./chunk-VQ66TPXY.js";import{tmpdir}from"node:os";var HELP=`Usage: talos-fleet image --talos-version <vX.Y.Z> --project <id> [options]

Makes a Talos GCE image exist: gets the schematic ID from Image Factory, reuses the image when it
is already this build, else streams gcp-<arch>.raw.tar.gz from the factory into GCS (resumable,
crc32c-verified) and creates the image. Prints the outputs as JSON on stdout.

Options (the image action's inputs):
  --talos-version <v>     Talos release, e.g. v1.13.9 (required)
  --arch <a>              amd64 (default) or arm64
  --schematic <s>         path or inline YAML; default the empty schematic
  --factory-url <url>     default https://factory.talos.dev
  --project <id>          GCP project (required)
  --bucket <name>         default <project>-talos-images
  --bucket-location <l>   default US
  --image-name <name>     default talos-<version>-<schematic 8>-<arch>
  --image-family <f>      image family
  --labels <k=v,...>      extra labels
  --access-token <t>      else GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials
  --replace               recreate an image of that name that is another build

Environment: TALOS_FLEET_GCS_ENDPOINT, TALOS_FLEET_COMPUTE_ENDPOINT override the API endpoints.
`,imageCommand={help:HELP,async run(args,io){let options=Object.fromEntries(IMAGE_INPUT_NAMES.map(name=>[name,{type:name==="replace"?"boolean":"string"}])),{values,positionals}=parseCommandArgs("image",args,options);if(positionals.length>0)throw new UserError(`unexpected argument '${positionals.join(" ")}'`,{fix:"run 'talos-fleet image --help'"});let raw={};for(let name of IMAGE_INPUT_NAMES){let v=values[name];raw[name]=typeof v=="boolean"?String(v):v===""?void 0:v}let inputs=parseOrThrow(imageInputSchema,raw,{where:path=>`--${path}`,plural:"options",fix:"run 'talos-fleet image --help'"}),token=inputs["access-token"]??io.env.GOOGLE_OAUTH_ACCESS_TOKEN,log=consoleLog(io.stderr),{result}=await runImageFlow(inputs,{accessToken:token===""?void 0:token,env:io.env,workspace:io.cwd,stateDir:io.env.TMPDIR??tmpdir(),log,mask:()=>{}});for(let[k,v]of summaryRows(result))log.info(`${k}: ${v}`);return io.stdout.write(`${JSON.stringify(imageOutputs(result),null,2)}
`),0}};export{imageCommand};
