import { createRequire as __tfCreateRequire } from 'node:module';
import { fileURLToPath as __tfFileURLToPath } from 'node:url';
import { dirname as __tfDirname } from 'node:path';
const require = __tfCreateRequire(import.meta.url);
const __filename = __tfFileURLToPath(import.meta.url);
const __dirname = __tfDirname(__filename);
import{consoleLog}from"./chunk-WY6MGHWW.js";import{parseCommandArgs}from"./chunk-DOTLSY6B.js";import{IMAGE_INPUT_NAMES,imageInputSchema,imageOutputs,runImageFlow,summaryRows,userStateDir}from"./chunk-G3PLPCQ4.js";import"./chunk-6KGM22LX.js";import"./chunk-OEBIIT6M.js";import"./chunk-ETM7FWXP.js";import"./chunk-XEZM4SIP.js";import"./chunk-3OGW5TLL.js";import"./chunk-7UA6PH6Z.js";import{parseOrThrow}from"./chunk-GCD7RROV.js";import"./chunk-W3PR4C4L.js";import"./chunk-VFS6SUSZ.js";import{UserError}from"./chunk-WGSHXEME.js";import"./chunk-VZ2WWSGY.js";import"./chunk-OQZO5FOU.js";import"./chunk-QFKOXMJR.js";import{open}from"node:fs/promises";import{homedir}from"node:os";import{resolve}from"node:path";var HELP=`Usage: talos-fleet image --talos-version <vX.Y.Z> --project <id> [options]

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
  --access-token-file <f> file holding the OAuth access token (keep it 0600); else
                          GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default Credentials.
                          (A token on the command line is visible to every user in ps.)
  --replace               recreate an image of that name that is another build

Environment: TALOS_FLEET_GCS_ENDPOINT, TALOS_FLEET_COMPUTE_ENDPOINT override the API endpoints.
An interrupted upload is resumed by a re-run from $XDG_STATE_HOME/talos-fleet (else
~/.local/state/talos-fleet), a folder private to you: its session URIs are credentials.
`,imageCommand={help:HELP,async run(args,io){let options={...Object.fromEntries(IMAGE_INPUT_NAMES.filter(name=>name!=="access-token").map(name=>[name,{type:name==="replace"?"boolean":"string"}])),"access-token-file":{type:"string"}};if(args.some(a=>a==="--access-token"||a.startsWith("--access-token=")))throw new UserError("--access-token puts the token on the command line, where every user can read it (ps, /proc)",{fix:"pass it in GOOGLE_OAUTH_ACCESS_TOKEN or in a file: --access-token-file <path> (mode 0600); revoke the token if it was shared",title:"--access-token"});let{values,positionals}=parseCommandArgs("image",args,options);if(positionals.length>0)throw new UserError(`unexpected argument '${positionals.join(" ")}'`,{fix:"run 'talos-fleet image --help'"});let raw={};for(let name of IMAGE_INPUT_NAMES){if(name==="access-token")continue;let v=values[name];raw[name]=typeof v=="boolean"?String(v):v===""?void 0:v}let inputs=parseOrThrow(imageInputSchema,raw,{where:path=>`--${path}`,plural:"options",fix:"run 'talos-fleet image --help'"}),tokenFile=values["access-token-file"],token=typeof tokenFile=="string"?await readTokenFile(resolve(io.cwd,tokenFile),tokenFile):io.env.GOOGLE_OAUTH_ACCESS_TOKEN,log=consoleLog(io.stderr),{result}=await runImageFlow(inputs,{accessToken:token===""?void 0:token,env:io.env,workspace:io.cwd,stateDir:userStateDir(io.env,io.env.HOME??homedir()),log,mask:()=>{}});for(let[k,v]of summaryRows(result))log.info(`${k}: ${v}`);return io.stdout.write(`${JSON.stringify(imageOutputs(result),null,2)}
`),0}},MAX_TOKEN_FILE_BYTES=64*1024;async function readTokenFile(path,given){let refuse=problem=>new UserError(`--access-token-file ${given}: ${problem}`,{fix:"write the token alone into a file readable only by you (chmod 600) and pass its path",title:"--access-token-file"}),text;try{let file=await open(path,"r");try{let stats=await file.stat();if(!stats.isFile())throw refuse("is not a regular file");if(stats.size>MAX_TOKEN_FILE_BYTES)throw refuse(`is ${stats.size} bytes; a token file holds one token`);text=await file.readFile("utf8")}finally{await file.close()}}catch(error){throw error instanceof UserError?error:refuse(`cannot be read (${error.code??String(error)})`)}let token=text.trim();if(!token)throw refuse("is empty");return token}export{imageCommand};
